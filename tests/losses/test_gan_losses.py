"""The Gumbel family's adversarial losses against values worked out by hand."""

import math

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.losses.gan_losses import (
    gradient_penalty,
    hinge_loss,
    rsgan_loss,
    standard_loss,
    wgan_loss,
)

REAL = tf.constant([2.0, -1.0])
FAKE = tf.constant([0.0, 1.0])


def softplus(x):
    return math.log1p(math.exp(x))


def test_rsgan():
    # real - fake = (2, -2): D = mean(softplus(-2), softplus(2)), G the same with signs flipped.
    d, g = rsgan_loss(REAL, FAKE)
    assert float(d) == pytest.approx((softplus(-2) + softplus(2)) / 2)
    assert float(g) == pytest.approx((softplus(2) + softplus(-2)) / 2)
    d, g = rsgan_loss(tf.constant([3.0]), tf.constant([1.0]))
    assert float(d) == pytest.approx(softplus(-2.0)) and float(g) == pytest.approx(softplus(2.0))


def test_standard():
    d, g = standard_loss(REAL, FAKE)
    expected_d = (softplus(-2) + softplus(1)) / 2 + (softplus(0) + softplus(1)) / 2
    assert float(d) == pytest.approx(expected_d)
    assert float(g) == pytest.approx((softplus(0) + softplus(-1)) / 2)


def test_hinge():
    d, g = hinge_loss(REAL, FAKE)
    # relu(1 - real) = (0, 2), relu(1 + fake) = (1, 2).
    assert float(d) == pytest.approx(1.0 + 1.5)
    assert float(g) == pytest.approx(-0.5)


def test_wgan():
    d, g = wgan_loss(REAL, FAKE)
    assert float(d) == pytest.approx(0.5 - 0.5)
    assert float(g) == pytest.approx(-0.5)


def test_per_representation_logits_count_equally():
    real = tf.constant([[1.0, 3.0]])
    fake = tf.constant([[0.0, 0.0]])
    d, _ = rsgan_loss(real, fake)
    assert float(d) == pytest.approx((softplus(-1) + softplus(-3)) / 2)


def test_gradient_penalty_of_a_linear_critic():
    # critic(x) = sum(x * w): its gradient is w everywhere, so the penalty is (|w| - 1) ** 2.
    weights = tf.constant(np.full((3, 4), 0.5, "float32"))  # |w| = sqrt(12 * 0.25) = sqrt(3)

    def critic(x):
        return tf.reduce_sum(x * weights, axis=[1, 2])

    real = tf.one_hot([[0, 1, 2], [3, 2, 1]], 4)
    fake = tf.fill([2, 3, 4], 0.25)
    penalty = gradient_penalty(critic, real, fake, tf.constant([0, 1]))
    assert float(penalty) == pytest.approx((math.sqrt(3.0) - 1.0) ** 2, rel=1e-5)
