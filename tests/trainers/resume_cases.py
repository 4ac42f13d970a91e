"""Shared set-up of the resume tests: the runs, a run in a fresh process, its final state."""

import glob
import json
import os
import signal
import subprocess
import sys
import time
import typing

import numpy as np
import tensorflow as tf

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kill_run.py")
# One thread, as bit-exact figures need the same thread count in every process; batch steps
# of one, so that a kill can fall mid-epoch.
MLE = ("tiny", "mle_epochs=3", "num_train_samples=320", "mle_steps_per_execution=1")
SEQGAN = ("seqgan_tiny", "mle_epochs=1")
RELGAN = ("relgan_tiny", "mle_epochs=1")
# A generator whose plastic candidate is gated by its retroactive signal (Backpropamine).
NEUROMODULATED = (*SEQGAN, "generator_plastic_rule=hebb", "generator_neuromodulation=retroactive")
MALIGAN = ("maligan_tiny", "mle_epochs=1")
RANKGAN = ("rankgan_tiny", "mle_epochs=1")
LEAKGAN = ("leakgan_tiny",)  # Two MLE epochs, each after a discriminator round.
RUNS = {
    "mle": MLE,
    "seqgan": SEQGAN,
    "relgan": RELGAN,
    "neuromodulated": NEUROMODULATED,
    "maligan": MALIGAN,
    "rankgan": RANKGAN,
    "leakgan": LEAKGAN,
}
TIMING = (
    "train_seconds",
    "epoch_seconds_median",
    "step_seconds_median",
    "mle_train_seconds",
    "mle_epoch_seconds_median",
)


class Run(typing.NamedTuple):
    """An uninterrupted run: where it trained, its final state, its wall time in seconds."""

    workdir: object
    state: tuple
    seconds: float


def one_thread_environment():
    """The environment of every run of these tests: the repository's package, one thread."""
    return dict(
        os.environ,
        PYTHONPATH=REPO,
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_NUM_INTRAOP_THREADS="1",
        TF_NUM_INTEROP_THREADS="1",
    )


def _run(workdir, point, preset, *overrides):
    return subprocess.run(
        [sys.executable, SCRIPT, preset, str(workdir), point, *overrides],
        capture_output=True,
        text=True,
        env=one_thread_environment(),
        timeout=600,
    )


def _final_state(workdir):
    """Every tensor of the run's newest checkpoint, and its figures without timing."""
    directory = (
        "checkpoints"
        if os.path.isdir(os.path.join(workdir, "checkpoints"))
        else ("mle_checkpoints")
    )
    indexes = glob.glob(os.path.join(workdir, directory, "ckpt-*.index"))
    newest = max(indexes, key=lambda path: int(path.rsplit("-", 1)[1].split(".")[0]))
    reader = tf.train.load_checkpoint(newest[: -len(".index")])
    names = set(reader.get_variable_to_shape_map()) - {"_CHECKPOINTABLE_OBJECT_GRAPH"}
    tensors = {name: reader.get_tensor(name) for name in names}
    with open(os.path.join(workdir, "results.json")) as file:
        results = {k: v for k, v in json.load(file).items() if k not in TIMING}
    return tensors, results


def _assert_same(resumed, uninterrupted):
    tensors, results = resumed
    expected_tensors, expected_results = uninterrupted
    assert results == expected_results
    assert sorted(tensors) == sorted(expected_tensors)
    for name, value in expected_tensors.items():
        np.testing.assert_array_equal(tensors[name], value, err_msg=name)


def check_killed_and_resumed(run, point, uninterrupted, workdir):
    """Kills a run of `RUNS[run]` at `point`, resumes it, and compares its final state with
    `uninterrupted` (that run's, trained without a kill)."""
    preset = RUNS[run]
    killed = _run(workdir, point, *preset)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not os.path.exists(workdir / "results.json")
    resumed = _run(workdir, "none", *preset)
    assert resumed.returncode == 0, resumed.stderr
    if point.startswith("torn"):  # The torn checkpoint was set aside, and the run said so.
        assert glob.glob(str(workdir / "*checkpoints" / "broken" / "ckpt-*"))
        assert "could not be read and were moved to" in resumed.stdout
    _assert_same(_final_state(workdir), uninterrupted)


def uninterrupted_runs(factory, names):
    """`{run: Run}` of an uninterrupted run of each of `names`, each in a fresh process."""
    runs = {}
    for name in names:
        workdir = factory.mktemp(name)
        start = time.perf_counter()
        result = _run(workdir, "none", *RUNS[name])
        seconds = time.perf_counter() - start
        assert result.returncode == 0, result.stderr
        runs[name] = Run(workdir, _final_state(workdir), seconds)
    return runs
