"""Pattern memorisation: the episodes, the network's step, and plasticity doing its job."""

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.data.pattern_episodes import episode_length, pattern_episodes
from tf_hebbgan.models.plastic_recurrent_network import PlasticRecurrentNetwork
from tf_hebbgan.trainers.pattern_memory import (
    PatternMemoryConfig,
    bit_error,
    train_pattern_memory,
)


def test_an_episode_shows_each_pattern_three_times_then_half_of_one():
    inputs, targets = pattern_episodes(np.random.default_rng(0), 2, size=8)
    assert inputs.shape == (2, episode_length(), 9) == (2, 205, 9)
    np.testing.assert_array_equal(inputs[:, :, 8], 1.0)  # The bias neuron.
    for episode in range(2):
        shown = [tuple(inputs[episode, step, :8]) for step in range(0, 195, 13)]
        assert len(set(shown)) <= 5 and all(shown.count(p) == 3 for p in set(shown))
        for step in range(0, 195, 13):  # 10 steps of a pattern, then 3 of zeros.
            block = inputs[episode, step : step + 10, :8]
            np.testing.assert_array_equal(block, np.repeat(block[:1], 10, axis=0))
            np.testing.assert_array_equal(inputs[episode, step + 10 : step + 13, :8], 0.0)
        test = inputs[episode, -1, :8]
        assert np.sum(test == 0) == 4  # Half of the bits erased.
        np.testing.assert_array_equal(test[test != 0], targets[episode][test != 0])
        assert tuple(targets[episode]) in set(shown)


def test_the_network_step_is_miconis_equation():
    network = PlasticRecurrentNetwork(4, eta_initial=0.5, input_scale=2.0)
    rng = np.random.default_rng(1)
    network.recurrent.alpha.assign(rng.normal(size=(4, 4)).astype("float32"))
    x = rng.choice([-1.0, 0.0, 1.0], size=(1, 3, 4)).astype("float32")
    w, alpha = network.recurrent.kernel.numpy(), network.recurrent.alpha.numpy()
    y, hebb = np.zeros(4), np.zeros((4, 4))
    for t in range(3):
        new = np.tanh(y @ (w + alpha * hebb) + 2.0 * x[0, t])
        hebb = 0.5 * hebb + 0.5 * np.outer(y, new)
        y = new
    np.testing.assert_allclose(network(x).numpy()[0], y, atol=1e-5)


def test_bit_error_counts_the_pattern_bits_only():
    targets = tf.constant([[1.0, -1.0, 1.0, 1.0]])
    outputs = tf.constant([[0.5, 0.2, 0.9, -1.0]])  # Bit 1 wrong; the bias (last) is ignored.
    assert float(bit_error(targets, outputs)) == pytest.approx(1 / 3)


def test_plastic_network_memorises_where_the_fixed_one_cannot():
    config = PatternMemoryConfig(size=50, episodes=200, learning_rate=3e-3, log_every=50)
    plastic = train_pattern_memory("plastic", config)
    fixed = train_pattern_memory("nonplastic", config)
    assert plastic["episodes"] == [50, 100, 150, 200]
    assert fixed["error"][-1] > 0.2  # Chance is 0.25 on the erased half: about a quarter wrong.
    assert plastic["error"][-1] < 0.5 * fixed["error"][-1]
