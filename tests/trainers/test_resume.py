"""Killed at any point and resumed with the same command: the uninterrupted weights, bit for bit
(MLE and SeqGAN, at chosen points and at random moments; the other methods in
test_resume_methods.py and test_resume_reinforce.py, so the files run in parallel)."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.trainers.resume_cases import (
    SEQGAN,
    _assert_same,
    _final_state,
    check_killed_and_resumed,
    one_thread_environment,
    uninterrupted_runs,
)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    return uninterrupted_runs(tmp_path_factory, ("mle", "seqgan"))


@pytest.mark.parametrize(
    "run,point",
    [
        ("mle", "batch:7"),  # Mid-epoch 2 (5 batches an epoch).
        ("mle", "torn:2"),  # While writing epoch 2's checkpoint.
        ("seqgan", "round:2"),  # In adversarial epoch 1, after its discriminator round.
        # Right after adversarial epoch 1's checkpoint; while writing epoch 2's (the same
        # checkpoint code as save:6 and torn:2, so in the slow suite).
        pytest.param("seqgan", "save:3", marks=pytest.mark.slow),
        pytest.param("seqgan", "torn:4", marks=pytest.mark.slow),
        ("seqgan", "save:6"),  # After the last checkpoint, before results.json.
    ],
)
def test_killed_and_resumed_runs_end_with_the_uninterrupted_weights(
    run, point, uninterrupted, tmp_path
):
    check_killed_and_resumed(run, point, uninterrupted[run].state, tmp_path)


# === Random moments ===

KILLS = 3


def _command(workdir):
    preset, *overrides = SEQGAN
    flags = [flag for override in overrides for flag in ("--set", override)]
    return [sys.executable, "-m", "tf_hebbgan.cli", "train", "--preset", preset, "--workdir",
            str(workdir), *flags]  # fmt: skip


def _run_to_end(workdir):
    result = subprocess.run(
        _command(workdir), capture_output=True, text=True, env=one_thread_environment(), timeout=900
    )
    assert result.returncode == 0, result.stderr


def _run_and_kill(workdir, delay):
    """Starts the run and SIGKILLs it after `delay` seconds; True if it was still running."""
    process = subprocess.Popen(
        _command(workdir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=one_thread_environment(),
    )
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    assert process.returncode == 0, process.stderr.read().decode()
    return False


def test_random_kills_resume_to_the_uninterrupted_run(uninterrupted, tmp_path):
    """`hebbgan train` killed with SIGKILL at random moments, resumed each time, ends as the
    uninterrupted run. The moments are drawn afresh on every run of the test (uniformly over
    the uninterrupted run's wall time, so they fall in start-up, MLE, discriminator
    pretraining, the adversarial epochs and the final writes alike); a failure prints the
    seed, and `FAULT_SEED=N` replays it."""
    seed = int(os.environ.get("FAULT_SEED", time.time_ns() % 2**32))
    expected, duration = uninterrupted["seqgan"].state, uninterrupted["seqgan"].seconds
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
