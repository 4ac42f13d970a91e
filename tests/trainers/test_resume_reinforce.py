"""MaliGAN, RankGAN and LeakGAN killed mid-round and resumed with the same command: the
uninterrupted weights, bit for bit (a file of their own, so that the resume files run in
parallel)."""

import pytest

from tests.trainers.resume_cases import check_killed_and_resumed, uninterrupted_states


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    return uninterrupted_states(tmp_path_factory, ("maligan", "rankgan", "leakgan"))


@pytest.mark.parametrize(
    "run,point",
    [
        ("maligan", "round:2"),  # MaliGAN's step, mid-round.
        ("rankgan", "round:2"),  # RankGAN's ranker, mid-round: its real sets drawn again.
        # LeakGAN's interleaved MLE, killed after the round before its second epoch: the
        # round is replayed from the first epoch's checkpoint, discriminator included.
        pytest.param("leakgan", "round:2", marks=pytest.mark.slow),
        ("leakgan", "round:4"),  # LeakGAN, mid adversarial phase: the leak refreshed after it.
    ],
)
def test_killed_and_resumed_runs_end_with_the_uninterrupted_weights(
    run, point, uninterrupted, tmp_path
):
    check_killed_and_resumed(run, point, uninterrupted[run], tmp_path)
