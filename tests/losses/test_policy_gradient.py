"""policy_gradient_loss against values worked out by hand."""

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.losses import policy_gradient_loss

# Two sequences of two steps over a vocabulary of 2; uniform logits: log p = log 0.5 everywhere
# except (b=0, t=1), where logits (log 3, 0) give p(token 0) = 3/4.
LOGITS = np.zeros((2, 2, 2), "float32")
LOGITS[0, 1] = [np.log(3.0), 0.0]
TOKENS = np.array([[1, 0], [0, 1]], "int32")
REWARDS = np.array([[0.2, 0.4], [0.6, 0.8]], "float32")


def test_hand_computed_mean_and_sum():
    # Sequence 0: -(log 0.5 * 0.2 + log 0.75 * 0.4); sequence 1: -(log 0.5 * (0.6 + 0.8)).
    seq0 = -(np.log(0.5) * 0.2 + np.log(0.75) * 0.4)
    seq1 = -(np.log(0.5) * 1.4)
    loss = policy_gradient_loss(LOGITS, TOKENS, REWARDS)
    assert float(loss) == pytest.approx((seq0 + seq1) / 2, rel=1e-6)
    total = policy_gradient_loss(LOGITS, TOKENS, REWARDS, reduction="sum")
    assert float(total) == pytest.approx(seq0 + seq1, rel=1e-6)


def test_baseline_subtracts_the_batch_mean_reward_per_step():
    # Advantages: t=0: 0.2-0.4=-0.2, 0.6-0.4=0.2; t=1: 0.4-0.6=-0.2, 0.8-0.6=0.2.
    seq0 = -(np.log(0.5) * -0.2 + np.log(0.75) * -0.2)
    seq1 = -(np.log(0.5) * 0.2 + np.log(0.5) * 0.2)
    loss = policy_gradient_loss(LOGITS, TOKENS, REWARDS, baseline=True)
    assert float(loss) == pytest.approx((seq0 + seq1) / 2, rel=1e-5)


def test_gradient_raises_the_probability_of_rewarded_tokens():
    logits = tf.Variable(np.zeros((1, 1, 3), "float32"))
    with tf.GradientTape() as tape:
        loss = policy_gradient_loss(logits, [[2]], [[1.0]])
    grad = tape.gradient(loss, logits).numpy()[0, 0]
    # d/dlogits of -log softmax_2 = softmax - onehot = (1/3, 1/3, -2/3).
    np.testing.assert_allclose(grad, [1 / 3, 1 / 3, -2 / 3], rtol=1e-6)


def test_bad_reduction():
    with pytest.raises(ValueError, match="reduction"):
        policy_gradient_loss(LOGITS, TOKENS, REWARDS, reduction="max")


def test_log_probabilities_are_tfps_categoricals_bit_for_bit():
    """Recorded runs computed the loss with TFP's `Categorical`; its value and gradient are
    unchanged to the bit, in float32 and from bfloat16 logits."""
    import tensorflow_probability as tfp

    rng = np.random.default_rng(0)
    rewards = rng.uniform(size=(8, 5)).astype("float32")
    tokens = rng.integers(0, 37, size=(8, 5)).astype("int32")
    for dtype in (tf.float32, tf.bfloat16):
        logits = tf.Variable(tf.cast(rng.normal(size=(8, 5, 37)) * 3, dtype))
        with tf.GradientTape(persistent=True) as tape:
            loss = policy_gradient_loss(logits, tokens, rewards)
            policy = tfp.distributions.Categorical(logits=tf.cast(logits, tf.float32))
            expected = tf.reduce_mean(-tf.reduce_sum(policy.log_prob(tokens) * rewards, axis=1))
        np.testing.assert_array_equal(loss.numpy(), expected.numpy())
        gradient, reference = tape.gradient(loss, logits), tape.gradient(expected, logits)
        np.testing.assert_array_equal(gradient.numpy(), reference.numpy())
