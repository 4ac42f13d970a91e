"""The rollout network follows theta_roll <- r theta_roll + (1 - r) theta_gen."""

import keras
import numpy as np
import pytest

from tf_hebbgan.models import LSTMGenerator
from tf_hebbgan.trainers.rollout_update import update_rollout_network


def test_rollout_follows_the_update_rule():
    keras.utils.set_random_seed(0)
    generator, rollout = LSTMGenerator(10, 4, 4, 5), LSTMGenerator(10, 4, 4, 5)
    generator.build()
    rollout.build()
    before_gen = [w.numpy() for w in generator.weights]
    before_roll = [w.numpy() for w in rollout.weights]
    update_rollout_network(rollout, generator, rate=0.8)
    for roll, old_roll, gen in zip(rollout.weights, before_roll, before_gen, strict=True):
        np.testing.assert_allclose(roll.numpy(), 0.8 * old_roll + 0.2 * gen, rtol=1e-6)
    for gen, old in zip(generator.weights, before_gen, strict=True):
        np.testing.assert_array_equal(gen.numpy(), old)  # The generator does not move.
    update_rollout_network(rollout, generator, rate=0.0)  # The public code's behaviour.
    for roll, gen in zip(rollout.weights, generator.weights, strict=True):
        np.testing.assert_array_equal(roll.numpy(), gen.numpy())


def test_mismatched_networks_are_refused():
    a, b = LSTMGenerator(10, 4, 4, 5), LSTMGenerator(10, 4, 6, 5)
    a.build()
    b.build()
    with pytest.raises(ValueError, match="Shape mismatch"):
        update_rollout_network(a, b)
    with pytest.raises(ValueError, match="rate"):
        update_rollout_network(a, a, rate=1.5)
