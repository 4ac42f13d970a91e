"""RankGAN's ranking score and ranker loss against hand values and a NumPy reference."""

import numpy as np
import tensorflow as tf

from tf_hebbgan.losses.ranking import batch_log_rank, cosine_relevance, log_rank, ranker_loss


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


def test_batch_log_rank_ranks_each_label_against_the_other():
    rng = np.random.default_rng(1)
    features, references = rng.normal(size=(6, 4)), rng.normal(size=(3, 4))
    labels = np.array([1, 0, 1, 1, 0, 0])
    gamma = 1.7
    expected = [
        float(log_rank(features[i : i + 1], features[labels != labels[i]], references, gamma)[0])
        for i in range(6)
    ]
    np.testing.assert_allclose(
        batch_log_rank(features, labels, references, gamma), expected, rtol=1e-5
    )


def test_a_batch_of_one_label_ranks_at_zero_with_a_finite_gradient():
    features = tf.Variable(np.random.default_rng(2).normal(size=(3, 4)))
    with tf.GradientTape() as tape:
        values = batch_log_rank(features, tf.ones(3, tf.int32), tf.ones((2, 4)))
        loss = ranker_loss(values, tf.ones(3, tf.int32))
    np.testing.assert_allclose(values, np.zeros(3), atol=1e-6)
    assert np.all(np.isfinite(tape.gradient(loss, features)))


def test_ranker_loss_by_hand():
    # Real: -0.5 and -1.5 (mean -1); generated: -3: loss -3 - (-1).
    loss = ranker_loss(tf.constant([-0.5, -3.0, -1.5]), tf.constant([1, 0, 1]))
    np.testing.assert_allclose(loss, -3.0 - (-1.0))
