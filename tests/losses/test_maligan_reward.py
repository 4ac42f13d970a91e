"""MaliGAN's normalised reward against hand values, and the one batch's under two replicas."""

import numpy as np
import tensorflow as tf

from tf_hebbgan.losses import maligan_rewards


def test_hand_values():
    # D = 0.5, 0.75, 0.9: r = 1, 3, 9; r / 13 - 1 / 3.
    rewards = maligan_rewards(tf.constant([0.5, 0.75, 0.9]))
    np.testing.assert_allclose(rewards, [1 / 13 - 1 / 3, 3 / 13 - 1 / 3, 9 / 13 - 1 / 3], 1e-6)
    assert abs(float(tf.reduce_sum(rewards))) < 1e-6


def test_a_certain_discriminator_gives_a_finite_reward():
    rewards = maligan_rewards(tf.constant([1.0, 0.0, 0.5]))
    assert np.all(np.isfinite(rewards))
    assert float(rewards[0]) > float(rewards[2]) > float(rewards[1])


def test_replicas_compute_the_one_batchs_rewards(mirrored_strategy):
    probabilities = np.array([0.2, 0.5, 0.7, 0.95], "float32")
    expected = maligan_rewards(tf.constant(probabilities))
    shares = mirrored_strategy.experimental_distribute_values_from_function(
        lambda context: tf.constant(probabilities[2 * context.replica_id_in_sync_group :][:2])
    )
    per_replica = mirrored_strategy.run(tf.function(maligan_rewards), args=(shares,))
    gathered = np.concatenate(
        [np.asarray(v) for v in mirrored_strategy.experimental_local_results(per_replica)]
    )
    np.testing.assert_allclose(gathered, expected, rtol=1e-6)
