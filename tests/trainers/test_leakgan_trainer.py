"""LeakGAN's trainer: the leak follows the discriminator, rewards are rank-rescaled,
each loss trains its own module, XLA, and two replicas."""

import numpy as np
import pytest
import tensorflow as tf

from tests.trainers.distributed_cases import REAL, REWARDS, SAMPLES, distributed_update
from tests.trainers.distributed_cases import make_leakgan_trainer as make_trainer
from tf_hebbgan.losses.leakgan import rescaled_rewards
from tf_hebbgan.trainers.leakgan_trainer import manager_variables, worker_variables

VOCAB, LENGTH, BATCH = 10, 5, 4
POSITIVES = np.random.default_rng(5).integers(0, VOCAB, (16, LENGTH)).astype("int32")


def assert_leaks(trainer):
    discriminator = trainer.discriminator
    for network in (trainer.generator, trainer.rollout):
        leak = network.cell.leak
        np.testing.assert_array_equal(leak.embeddings, discriminator.embedding.embeddings)
        for kernel, conv in zip(leak.kernels, discriminator.convolutions, strict=True):
            np.testing.assert_array_equal(kernel, conv.kernel)
        highway = discriminator.highway
        theirs = [highway.transform.kernel, highway.transform.bias]
        theirs += [highway.gate.kernel, highway.gate.bias]
        for mine, their in zip(leak.highway_weights, theirs, strict=True):
            np.testing.assert_array_equal(mine, their)


def test_the_leak_follows_the_discriminator_through_its_rounds():
    trainer = make_trainer()
    assert_leaks(trainer)
    before = trainer.discriminator.convolutions[0].kernel.numpy().copy()
    trainer.discriminator_round(POSITIVES, 16, epochs=2, seed=4)
    assert not np.allclose(before, trainer.discriminator.convolutions[0].kernel)
    assert_leaks(trainer)


def test_the_manager_follows_rank_rescaled_rewards():
    trainer = make_trainer(interleave_mle=False)
    samples = tf.constant(SAMPLES)
    _, expected = trainer._losses(samples, rescaled_rewards(REWARDS))
    _, unscaled = trainer._losses(samples, REWARDS)
    assert not np.isclose(float(unscaled), float(expected))
    logs = trainer.policy_update(samples, tf.constant(REWARDS), tf.constant(REAL))
    np.testing.assert_allclose(logs["manager_loss"], expected, rtol=1e-6)
    np.testing.assert_allclose(logs["mean_reward"], REWARDS.mean(), rtol=1e-6)


def test_a_step_trains_manager_and_worker_and_leaves_the_leak():
    trainer = make_trainer()
    generator = trainer.generator
    before = {v.path: v.numpy().copy() for v in generator.weights}
    logs = trainer.generator_step(REAL)
    assert {"mean_reward", "generator_loss", "manager_loss", "mle_loss", "mle_goal_loss"} <= set(
        logs
    )
    assert all(np.isfinite(float(value)) for value in logs.values())
    for variable in manager_variables(generator) + worker_variables(generator):
        assert not np.array_equal(before[variable.path], variable), variable.path
    for variable in generator.cell.leak.weights:
        np.testing.assert_array_equal(before[variable.path], variable)


def test_each_loss_trains_its_own_module_only():
    trainer = make_trainer(interleave_mle=False)
    trainer.rescaled = tf.zeros_like  # No reward: the manager's loss is 0.
    generator = trainer.generator
    manager = [v.numpy().copy() for v in manager_variables(generator)]
    worker = [v.numpy().copy() for v in worker_variables(generator)]
    trainer.policy_update(tf.constant(SAMPLES), tf.constant(REWARDS), tf.constant(REAL))
    for before, variable in zip(manager, manager_variables(generator), strict=True):
        np.testing.assert_array_equal(before, variable)  # The worker's loss does not reach it.
    assert any(
        not np.array_equal(a, b) for a, b in zip(worker, worker_variables(generator), strict=True)
    )


def test_text_masks_the_worker_after_the_end_token_and_steps():
    """Text: what follows a sequence's end token is padding, and the worker's MLE loss does
    not read it; a whole step on text is finite."""
    trainer = make_trainer(end_token=1)
    tokens = np.array(REAL)
    tokens[:, 2] = 1  # Each sequence ends at its third token.
    other = tokens.copy()
    other[:, 3:] = (other[:, 3:] + 1) % VOCAB  # Other tokens after the end.
    worker, _ = trainer._losses(tf.constant(tokens))
    worker_other, _ = trainer._losses(tf.constant(other))
    np.testing.assert_allclose(float(worker), float(worker_other), rtol=1e-6)
    padded = tokens.copy()
    padded[:, 3:] = 0
    logs = trainer.generator_step(tf.constant(padded))
    assert all(np.isfinite(float(value)) for value in logs.values())


def test_moment_matching_is_refused():
    with pytest.raises(ValueError, match="no moment_weight"):
        make_trainer(moment_weight=0.1)


def test_the_xla_path_gives_a_finite_step():
    trainer = make_trainer(jit_compile=True)
    assert np.isfinite(float(trainer.generator_step(REAL)["generator_loss"]))


def test_policy_update_under_two_replicas_equals_one_device(mirrored_strategy):
    single, mirrored = make_trainer(), make_trainer(mirrored_strategy)
    update = tf.function(mirrored.policy_update)
    for _ in range(2):
        expected = single.policy_update(tf.constant(SAMPLES), tf.constant(REWARDS), REAL)
        for name, value in distributed_update(mirrored, mirrored_strategy, update).items():
            np.testing.assert_allclose(value, expected[name], rtol=1e-5, atol=1e-6)
    # Adam divides by the root of small second moments: sums in another order move a weight
    # by ~1e-5 after two steps.
    for a, b in zip(single.generator.get_weights(), mirrored.generator.get_weights(), strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=5e-5)
