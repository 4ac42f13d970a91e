"""RelGANTrainer: a step moves both networks; XLA and two replicas give the plain update."""

import numpy as np
import pytest
import tensorflow as tf

from tests.trainers.distributed_cases import BATCH as B
from tests.trainers.distributed_cases import RELGAN_LENGTH as T
from tests.trainers.distributed_cases import RELGAN_REAL as REAL
from tests.trainers.distributed_cases import RELGAN_STEPS as K
from tests.trainers.distributed_cases import VOCAB as V
from tests.trainers.distributed_cases import make_relgan_trainer as _trainer
from tf_hebbgan.samplers.gumbel import gumbel_noise


def _weights(trainer):
    return [w.copy() for w in trainer.generator.get_weights() + trainer.discriminator.get_weights()]


@pytest.mark.parametrize(
    "generator, loss",
    [("relational", "rsgan"), ("relational", "wgan-gp"), ("lstm", "standard"), ("lstm", "hinge")],
)
def test_a_step_moves_both_networks(generator, loss):
    trainer = _trainer(generator=generator, loss=loss, dropout=0.25)
    generator_before = [w.copy() for w in trainer.generator.get_weights()]
    discriminator_before = [w.copy() for w in trainer.discriminator.get_weights()]
    logs = trainer.train_step(REAL, 0.5)
    assert set(logs) == {"generator_loss", "discriminator_loss", "logit_gap"}
    assert all(np.isfinite(value) for value in logs.values())
    moved = [
        not np.array_equal(a, b)
        for a, b in zip(generator_before, trainer.generator.get_weights(), strict=True)
    ]
    assert all(moved), moved
    for before, weight in zip(discriminator_before, trainer.discriminator.weights, strict=True):
        # The last two biases shift real and fake logits alike (no activation follows the
        # dense layer): losses of differences give them no gradient.
        exempt = "bias" in weight.path and weight.path.split("/")[-2] in ("dense", "logits")
        if not exempt:
            assert not np.array_equal(before, weight.numpy()), weight.path
    assert trainer.generator_optimizer.iterations.numpy() == 1
    assert trainer.discriminator_optimizer.iterations.numpy() == K


def test_xla_compiles_and_matches_the_plain_step():
    # XLA's Philox kernel draws other numbers from a seed than the plain kernel, so the two
    # paths are compared on shared noise; the whole compiled step must run too.
    noise = tf.stack([gumbel_noise([B, V], tf.constant([t, 9])) for t in range(T)])  # (T, B, V)
    rows, seed = {"noise": noise}, tf.constant([0, 1])

    def updates(trainer):
        logs = {"generator_loss": trainer._generator_update(REAL[0], 0.5, seed, rows)}
        logs.update(trainer._discriminator_update(REAL[1], 0.5, seed, seed, rows))
        return logs

    plain, compiled = _trainer(), _trainer()
    plain_step = tf.function(lambda: updates(plain))
    compiled_step = tf.function(lambda: updates(compiled), jit_compile=True)
    for _ in range(2):  # Traced and compiled once; the second step sees Adam's moments.
        expected = plain_step()
        logs = compiled_step()
        for name, value in expected.items():
            np.testing.assert_allclose(logs[name], value, rtol=1e-4, atol=1e-5)
    for a, b in zip(_weights(plain), _weights(compiled), strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-3, atol=1e-5)
    logs = _trainer(jit_compile=True, loss="wgan-gp").train_step(REAL, 0.5)
    assert all(np.isfinite(value) for value in logs.values())


def test_two_replicas_equal_one_device(mirrored_strategy):
    single, mirrored = _trainer(), _trainer(mirrored_strategy)
    for a, b in zip(_weights(single), _weights(mirrored), strict=True):
        np.testing.assert_array_equal(a, b)
    for _ in range(2):  # The second step sees Adam's moments of the first.
        expected = single.train_step(REAL, 0.5)
        logs = mirrored.train_step(REAL, 0.5)
        for name, value in expected.items():
            np.testing.assert_allclose(logs[name], value, rtol=1e-5, atol=1e-6)
    for a, b in zip(_weights(single), _weights(mirrored), strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)


def test_the_same_seed_state_gives_the_same_step():
    first, second = _trainer(dropout=0.25), _trainer(dropout=0.25)
    first.train_step(REAL, 0.5)
    second.train_step(REAL, 0.5)
    for a, b in zip(_weights(first), _weights(second), strict=True):
        np.testing.assert_array_equal(a, b)


def test_unknown_loss_is_refused():
    with pytest.raises(ValueError, match="loss must be one of"):
        _trainer(loss="wasserstein")
