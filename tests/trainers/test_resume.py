"""Killed at any point and resumed with the same command: the uninterrupted weights, bit for bit
(MLE and SeqGAN; the other methods in test_resume_methods.py and test_resume_reinforce.py, so
the files run in parallel)."""

import pytest

from tests.trainers.resume_cases import check_killed_and_resumed, uninterrupted_states


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    return uninterrupted_states(tmp_path_factory, ("mle", "seqgan"))


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
    check_killed_and_resumed(run, point, uninterrupted[run], tmp_path)
