"""Gumbel-softmax: the relaxation's limit, its gradient, the straight-through form, schedules."""

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.samplers.gumbel import gumbel_noise, gumbel_softmax, relaxed_step
from tf_hebbgan.samplers.temperature_schedule import SCHEDULES, inverse_temperature

PROBABILITIES = np.array([0.5, 0.3, 0.15, 0.05], "float32")
SEED = tf.constant([3, 7])


def _batch(size):
    return tf.math.log(np.tile(PROBABILITIES, (size, 1)))  # (size, 4)


def test_noise_is_standard_gumbel():
    noise = gumbel_noise([200000], SEED).numpy()
    assert abs(noise.mean() - 0.5772) < 0.01  # Euler-Mascheroni constant.
    assert abs(noise.var() - np.pi**2 / 6) < 0.03


@pytest.mark.parametrize("temperature, tolerance", [(1.0, 0.08), (0.1, 0.02), (0.01, 0.006)])
def test_mean_tends_to_the_probabilities_as_the_temperature_falls(temperature, tolerance):
    mean = gumbel_softmax(_batch(100000), temperature, seed=SEED).numpy().mean(0)
    np.testing.assert_allclose(mean.sum(), 1.0, atol=1e-4)
    assert np.abs(mean - PROBABILITIES).max() < tolerance


def test_matches_tfp_relaxed_one_hot_categorical_in_distribution():
    import tensorflow_probability as tfp

    ours = gumbel_softmax(_batch(50000), 0.5, seed=SEED).numpy()
    theirs = (
        tfp.distributions.RelaxedOneHotCategorical(0.5, probs=PROBABILITIES)
        .sample(50000, seed=(1, 2))
        .numpy()
    )
    np.testing.assert_allclose(ours.mean(0), theirs.mean(0), atol=0.01)
    np.testing.assert_allclose(ours.std(0), theirs.std(0), atol=0.01)


def test_gradient_is_finite_and_nonzero():
    logits = tf.Variable(_batch(8))
    weights = tf.constant(np.arange(4, dtype="float32"))
    for hard in (False, True):
        with tf.GradientTape() as tape:
            sample = gumbel_softmax(logits, 0.01, seed=SEED, hard=hard)  # (8, 4)
            value = tf.reduce_sum(sample * weights)
        gradient = tape.gradient(value, logits).numpy()
        assert np.all(np.isfinite(gradient)) and np.any(gradient != 0)


def test_straight_through_is_one_hot_with_the_relaxed_gradient():
    logits = tf.Variable(_batch(16))
    weights = tf.constant([1.0, -2.0, 0.5, 3.0])
    with tf.GradientTape(persistent=True) as tape:
        hard = gumbel_softmax(logits, 0.7, seed=SEED, hard=True)
        soft = gumbel_softmax(logits, 0.7, seed=SEED)
        hard_value = tf.reduce_sum(hard * weights)
        soft_value = tf.reduce_sum(soft * weights)
    values = hard.numpy()
    np.testing.assert_array_equal(np.sort(values, axis=1)[:, :-1], 0.0)
    np.testing.assert_allclose(values.max(axis=1), 1.0, atol=1e-6)
    np.testing.assert_array_equal(values.argmax(1), soft.numpy().argmax(1))
    np.testing.assert_allclose(
        tape.gradient(hard_value, logits), tape.gradient(soft_value, logits), atol=1e-6
    )


def test_relaxed_step_shares_one_draw():
    tokens, relaxed = relaxed_step(_batch(1000), 0.5, SEED)
    np.testing.assert_array_equal(tokens.numpy(), relaxed.numpy().argmax(1))
    # The hard tokens are exact draws of the categorical (the Gumbel-max trick).
    counts = np.bincount(tokens.numpy(), minlength=4) / 1000
    assert np.abs(counts - PROBABILITIES).max() < 0.05


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_schedule_end_points(schedule):
    first = inverse_temperature(schedule, 0, 1000, 100.0)
    last = inverse_temperature(schedule, 999, 1000, 100.0)
    if schedule == "no":
        assert first == last == 100.0
    else:
        assert first == pytest.approx(1.0, abs=0.005)  # The sigmoid starts at 1 + 99 / (1 + e^10).
        assert last == pytest.approx(100.0, rel=0.005)  # exp ends at 100 ** (999 / 1000).
    middle = [inverse_temperature(schedule, step, 1000, 100.0) for step in range(1000)]
    assert all(b >= a for a, b in zip(middle, middle[1:], strict=False))  # Never falls.


def test_schedule_hand_values():
    assert inverse_temperature("lin", 500, 1001, 11.0) == pytest.approx(6.0)
    assert inverse_temperature("exp", 2500, 5000, 100.0) == pytest.approx(10.0)
    assert inverse_temperature("quad", 50, 101, 101.0) == pytest.approx(26.0)
    assert inverse_temperature("sqrt", 25, 101, 101.0) == pytest.approx(51.0)
    assert inverse_temperature("sigmoid", 500, 1000, 101.0) == pytest.approx(51.0)
    with pytest.raises(ValueError, match="schedule must be one of"):
        inverse_temperature("cosine", 0, 10, 2.0)
