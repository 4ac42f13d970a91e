"""MaliGAN's trainer: its generator step, its rewards, XLA, and two replicas."""

import numpy as np
import tensorflow as tf

from tests.trainers.distributed_cases import make_maligan_trainer as make_trainer
from tf_hebbgan.losses import maligan_rewards

VOCAB, LENGTH, BATCH = 10, 5, 4
REAL = np.random.default_rng(9).integers(0, VOCAB, (BATCH, LENGTH)).astype("int32")


def test_every_token_gets_its_sequences_normalised_reward():
    trainer = make_trainer()
    rewards = trainer.rewards(tf.constant(REAL), seed=tf.constant([1, 2]))
    expected = maligan_rewards(trainer.discriminator.probability_real(REAL))
    np.testing.assert_allclose(rewards, np.repeat(np.asarray(expected)[:, None], LENGTH, 1))


def test_generator_step_moves_only_the_generator_and_has_no_rollout_network():
    trainer = make_trainer()
    generator = [w.copy() for w in trainer.generator.get_weights()]
    discriminator = [w.copy() for w in trainer.discriminator.get_weights()]
    logs = trainer.generator_step(REAL)
    assert np.isfinite(float(logs["generator_loss"]))
    after = trainer.generator.get_weights()
    assert any(not np.array_equal(a, b) for a, b in zip(generator, after, strict=True))
    for before, after in zip(discriminator, trainer.discriminator.get_weights(), strict=True):
        np.testing.assert_array_equal(before, after)
    assert "rollout" not in trainer.checkpoint_items()
    trainer.update_rollout()  # Nothing to update.


def test_the_xla_path_gives_the_plain_paths_rewards_and_a_finite_step():
    results = []
    for jit in (False, True):
        trainer = make_trainer(jit_compile=jit)
        rewards = tf.function(trainer.rewards, jit_compile=jit)
        results.append(np.asarray(rewards(tf.constant(REAL), tf.constant([1, 2]))))
        assert np.isfinite(float(trainer.generator_step(REAL)["generator_loss"]))
    np.testing.assert_allclose(results[1], results[0], rtol=1e-5, atol=1e-7)


def test_generator_step_keeps_replicas_equal(mirrored_strategy):
    trainer = make_trainer(mirrored_strategy)
    before = [w.copy() for w in trainer.generator.get_weights()]
    for _ in range(2):
        assert np.isfinite(float(trainer.generator_step(REAL)["generator_loss"]))
    for variable, start in zip(trainer.generator.trainable_variables, before, strict=True):
        values = mirrored_strategy.experimental_local_results(variable.value)
        assert len(values) == 2 and not np.allclose(values[0], start)
        np.testing.assert_array_equal(values[0], values[1])
