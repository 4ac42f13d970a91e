"""LeakGAN's goal and feature computations against NumPy loops and hand values."""

import numpy as np
import tensorflow as tf

from tf_hebbgan.losses.leakgan import (
    goal_sums,
    intrinsic_rewards,
    manager_cosines,
    rescaled_rewards,
)

RNG = np.random.default_rng(0)
B, T, F, C = 3, 7, 5, 3
FEATURES = RNG.normal(size=(B, T, F)).astype("float32")
GOALS = RNG.normal(size=(B, T, F)).astype("float32")


def cos(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_goal_sums_add_the_last_c_goals():
    expected = np.zeros_like(GOALS)
    for t in range(T):
        for i in range(1, C + 1):
            if t - i >= 0:
                expected[:, t] += GOALS[:, t - i]
    np.testing.assert_allclose(goal_sums(GOALS, C), expected, rtol=1e-6, atol=1e-6)


def test_manager_cosines_against_a_numpy_loop():
    expected = np.zeros((B, T))
    for b in range(B):
        for t in range(T - C):
            expected[b, t] = cos(FEATURES[b, t + C] - FEATURES[b, t], GOALS[b, t])
    np.testing.assert_allclose(manager_cosines(FEATURES, GOALS, C), expected, atol=1e-6)


def test_intrinsic_rewards_against_a_numpy_loop():
    expected = np.zeros((B, T))
    for b in range(B):
        for t in range(T):
            for i in range(1, C + 1):
                if t - i >= 0:
                    expected[b, t] += cos(FEATURES[b, t] - FEATURES[b, t - i], GOALS[b, t - i])
    np.testing.assert_allclose(intrinsic_rewards(FEATURES, GOALS, C), expected / C, atol=1e-6)


def test_a_goal_along_the_features_change_scores_one():
    features = np.cumsum(np.ones((1, 6, 2), "float32"), axis=1)  # f_t = (t + 1, t + 1)
    goals = np.ones((1, 6, 2), "float32")
    np.testing.assert_allclose(manager_cosines(features, goals, 2)[0, :4], 1.0, rtol=1e-6)
    np.testing.assert_allclose(intrinsic_rewards(features, goals, 2)[0, 2:], 1.0, rtol=1e-6)


def test_rescaled_rewards_by_rank_within_the_batch():
    rewards = tf.constant([[0.2, 5.0], [0.9, -1.0], [0.5, 2.0], [0.1, 0.0]])
    # Position 0 ranks the sequences 3, 1, 2, 4; position 1 ranks them 1, 4, 2, 3.
    ranks = np.array([[3, 1], [1, 4], [2, 2], [4, 3]], "float32")
    expected = 1 / (1 + np.exp(-16.0 * (0.5 - ranks / 4)))
    np.testing.assert_allclose(rescaled_rewards(rewards), expected, rtol=1e-6)
