"""Fault injection: `hebbgan train` killed with SIGKILL at random moments, resumed each time,
ends with every weight, every checkpoint tensor and the figures of an uninterrupted run.

The moments are drawn afresh on every run of the test (uniformly over the uninterrupted run's
wall time, so they fall in start-up, MLE, discriminator pretraining, the adversarial epochs
and the final writes alike); a failure prints the seed, and `FAULT_SEED=N` replays it.
"""

import os
import signal
import subprocess
import sys
import time

import numpy as np

from tests.trainers.resume_cases import REPO, SEQGAN, _assert_same, _final_state

KILLS = 3


def _command(workdir):
    preset, *overrides = SEQGAN
    flags = [flag for override in overrides for flag in ("--set", override)]
    return [sys.executable, "-m", "tf_hebbgan.cli", "train", "--preset", preset, "--workdir",
            str(workdir), *flags]  # fmt: skip


def _environment():
    # One thread: bit-exact figures need the same thread count in every process.
    return dict(
        os.environ,
        PYTHONPATH=REPO,
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_NUM_INTRAOP_THREADS="1",
        TF_NUM_INTEROP_THREADS="1",
    )


def _run_to_end(workdir):
    start = time.perf_counter()
    result = subprocess.run(
        _command(workdir), capture_output=True, text=True, env=_environment(), timeout=900
    )
    assert result.returncode == 0, result.stderr
    return time.perf_counter() - start


def _run_and_kill(workdir, delay):
    """Starts the run and SIGKILLs it after `delay` seconds; True if it was still running."""
    process = subprocess.Popen(
        _command(workdir), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_environment()
    )
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    assert process.returncode == 0, process.stderr.read().decode()
    return False


def test_random_kills_resume_to_the_uninterrupted_run(tmp_path):
    seed = int(os.environ.get("FAULT_SEED", time.time_ns() % 2**32))
    duration = _run_to_end(tmp_path / "uninterrupted")
    expected = _final_state(tmp_path / "uninterrupted")
    workdir = tmp_path / "killed"
    # Each kill comes later than the one before, so the run makes progress between them.
    moments = np.sort(np.random.default_rng(seed).uniform(0.05, 1.0, KILLS)) * duration
    killed = []
    for moment in moments:
        if _run_and_kill(workdir, float(moment)):
            killed.append(round(float(moment), 1))
    _run_to_end(workdir)
    state = _final_state(workdir)
    try:
        _assert_same(state, expected)
    except AssertionError as error:
        raise AssertionError(
            f"FAULT_SEED={seed}: killed after {killed} s (run {duration:.1f} s): {error}"
        ) from None
