"""RankGAN's trainer: its rounds draw the ranker's real sets, its rewards are the rank
scores of rollouts, XLA, and two replicas."""

import numpy as np
import pytest
import tensorflow as tf

from tests.trainers.distributed_cases import make_rankgan_trainer as make_trainer
from tf_hebbgan.samplers import rollout_rewards

VOCAB, LENGTH, BATCH = 10, 5, 4
_rng = np.random.default_rng(9)
REAL = _rng.integers(0, VOCAB, (BATCH, LENGTH)).astype("int32")
POSITIVES = _rng.integers(0, VOCAB, (16, LENGTH)).astype("int32")


def test_a_round_draws_the_real_sets_from_the_positives_and_trains_the_ranker():
    trainer = make_trainer()
    before = [w.copy() for w in trainer.discriminator.get_weights()]
    history = trainer.discriminator_round(POSITIVES, 16, epochs=2, seed=4)
    assert len(history["loss"]) == 2 and np.all(np.isfinite(history["loss"]))
    ranker = trainer.discriminator
    drawn = np.concatenate([ranker.references.numpy(), ranker.comparison.numpy()])
    chosen = np.random.default_rng(4).choice(16, 8, replace=False)
    np.testing.assert_array_equal(drawn, POSITIVES[chosen])
    moved = [not np.array_equal(a, b) for a, b in zip(before, ranker.get_weights(), strict=True)]
    assert any(moved)
    with pytest.raises(ValueError, match="draws 8 real sentences"):
        trainer.discriminator_round(POSITIVES[:7], 16, epochs=1, seed=4)


def test_rewards_are_the_rank_scores_of_the_rollouts():
    trainer = make_trainer()
    trainer.discriminator_round(POSITIVES, 16, epochs=1, seed=4)
    seed = tf.constant([1, 2])
    expected = rollout_rewards(
        trainer.rollout, REAL, trainer.discriminator.probability_real, 2, seed
    )
    np.testing.assert_allclose(trainer.rewards(tf.constant(REAL), seed), expected, rtol=1e-6)
    logs = trainer.generator_step(REAL)
    assert 0.0 < float(logs["mean_reward"]) <= 1.0


def test_the_xla_path_gives_a_finite_round_and_step():
    trainer = make_trainer(jit_compile=True)
    history = trainer.discriminator_round(POSITIVES, 16, epochs=1, seed=4)
    assert np.isfinite(history["loss"][-1])
    assert np.isfinite(float(trainer.generator_step(REAL)["generator_loss"]))


def test_a_ranker_round_under_two_replicas_equals_one_device(mirrored_strategy):
    single, mirrored = make_trainer(), make_trainer(mirrored_strategy)
    for trainer in (single, mirrored):
        trainer.discriminator_round(POSITIVES, 16, epochs=2, seed=1)
    for a, b in zip(
        single.discriminator.get_weights(), mirrored.discriminator.get_weights(), strict=True
    ):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-5)
    moved = make_trainer().discriminator.get_weights()
    assert any(
        not np.allclose(a, b)
        for a, b in zip(moved, single.discriminator.get_weights(), strict=True)
    )
