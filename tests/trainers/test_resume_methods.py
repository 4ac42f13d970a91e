"""RelGAN and a neuromodulated generator killed and resumed: the uninterrupted weights, bit for
bit (MaliGAN and RankGAN in test_resume_reinforce.py)."""

import pytest

from tests.trainers.resume_cases import check_killed_and_resumed, uninterrupted_runs


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    return uninterrupted_runs(tmp_path_factory, ("relgan", "neuromodulated"))


@pytest.mark.parametrize(
    "run,point",
    [
        ("relgan", "step:3"),  # After adversarial step 3 of 4, from step 2's checkpoint.
        # After the last checkpoint, before results.json (SeqGAN's save:6 in the fast suite).
        pytest.param("relgan", "save:3", marks=pytest.mark.slow),
        ("neuromodulated", "round:2"),  # A retroactive plastic generator, mid-round.
    ],
)
def test_killed_and_resumed_runs_end_with_the_uninterrupted_weights(
    run, point, uninterrupted, tmp_path
):
    check_killed_and_resumed(run, point, uninterrupted[run].state, tmp_path)
