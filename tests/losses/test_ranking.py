"""RankGAN's ranking score and ranker loss against hand values and a NumPy reference."""

import numpy as np
import tensorflow as tf

from tf_hebbgan.losses.ranking import cosine_relevance, log_rank, ranker_loss


def test_cosine_relevance_by_hand():
    relevance = cosine_relevance(tf.constant([[1.0, 0.0], [1.0, 1.0]]), tf.constant([[2.0, 0.0]]))
    np.testing.assert_allclose(relevance, [[1.0], [2**-0.5]], rtol=1e-6)


def test_log_rank_by_hand():
    # One reference u = (1, 0); s has cosine 1, the comparison set cosines 0 and -1:
    # P(s | u, C) = e / (e + e^0 + e^-1).
    s = tf.constant([[3.0, 0.0]])
    comparison = tf.constant([[0.0, 1.0], [-1.0, 0.0]])
    value = log_rank(s, comparison, tf.constant([[1.0, 0.0]]))
    np.testing.assert_allclose(value, [1 - np.log(np.e + 1 + np.exp(-1))], rtol=1e-6)


def test_log_rank_against_numpy_with_a_temperature():
    rng = np.random.default_rng(0)
    y, c, u = rng.normal(size=(4, 6)), rng.normal(size=(5, 6)), rng.normal(size=(3, 6))
    gamma = 2.5

    def cos(a, b):
        return a @ b.T / np.linalg.norm(a, axis=1)[:, None] / np.linalg.norm(b, axis=1)[None]

    own, others = np.exp(gamma * cos(y, u)), np.exp(gamma * cos(c, u)).sum(0)
    expected = np.log(own / (own + others)).mean(1)
    np.testing.assert_allclose(log_rank(y, c, u, gamma), expected, rtol=1e-5)
    assert np.all(np.asarray(log_rank(y, c, u, gamma)) < 0)


def test_ranker_loss_by_hand():
    loss = ranker_loss(tf.constant([-0.5, -1.5]), tf.constant([-3.0]))
    np.testing.assert_allclose(loss, -3.0 - (-1.0))
