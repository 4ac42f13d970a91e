"""sample_sequences with stub next functions whose answers are worked out by hand."""

import numpy as np
import tensorflow as tf

from tf_hebbgan.samplers import sample_sequences

VOCAB = 6


def successor(tokens, state):
    """Fixed logits: the next token is always (previous + 1) mod VOCAB; counts its calls."""
    logits = 100.0 * tf.one_hot((tokens + 1) % VOCAB, VOCAB)
    return logits, state + 1


def test_sampler_feeds_back_its_tokens_and_carries_state():
    tokens, state = sample_sequences(
        successor, tf.zeros([2]), tf.constant([0, 3]), 4, tf.constant([1, 2])
    )
    np.testing.assert_array_equal(tokens, [[1, 2, 3, 4], [4, 5, 0, 1]])
    np.testing.assert_array_equal(state, [4, 4])


def test_sampler_draws_from_the_logits():
    probs = np.array([0.5, 0.3, 0.2, 0, 0, 0])

    def fixed(tokens, state):
        return tf.math.log(tf.tile(probs[None].astype("float32"), [20000, 1]) + 1e-30), state

    tokens, _ = sample_sequences(fixed, (), tf.zeros([20000], tf.int32), 1, tf.constant([0, 7]))
    frequencies = np.bincount(tokens.numpy().ravel(), minlength=VOCAB) / 20000
    np.testing.assert_allclose(frequencies, probs, atol=0.02)
