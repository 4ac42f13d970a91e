"""moment_matching_loss and expected_embeddings against values worked out by hand."""

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.losses import expected_embeddings, moment_matching_loss


def test_hand_computed_value_and_zero_for_identical_batches():
    real = np.array([[0.0, 1.0], [2.0, 3.0]])  # means (1, 2), variances (1, 1)
    fake = np.array([[1.0, 1.0], [1.0, 1.0]])  # means (1, 1), variances (0, 0)
    # Feature 0: (1-1)^2 + (1-0)^2 = 1; feature 1: (2-1)^2 + (1-0)^2 = 2; mean 1.5.
    assert float(moment_matching_loss(real, fake)) == pytest.approx(1.5)
    assert float(moment_matching_loss(real, real)) == 0.0


def test_expected_embeddings_and_gradient_reach_the_generator_logits():
    embeddings = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])  # (V=3, D=2)
    logits = tf.Variable(np.zeros((2, 1, 3), "float32"))  # uniform: E-mean = (2/3, 2/3)
    np.testing.assert_allclose(expected_embeddings(logits, embeddings), np.full((2, 1, 2), 2 / 3))
    real = tf.gather(embeddings, [[0], [1]])  # (2, 1, 2)
    with tf.GradientTape() as tape:
        loss = moment_matching_loss(real, expected_embeddings(logits, embeddings))
    assert float(loss) > 0
    assert np.abs(tape.gradient(loss, logits).numpy()).max() > 0
