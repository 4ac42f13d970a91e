"""`LeakedFeatures`: streamed one token at a time, batched, and a discriminator's own prefix
features agree; the copy follows the discriminator; the layer is not trained."""

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.layers import LeakedFeatures
from tf_hebbgan.models import CNNDiscriminator

VOCAB, LENGTH, SIZES, COUNTS = 11, 6, (1, 2, 4), (3, 5, 2)
TOKENS = np.random.default_rng(0).integers(0, VOCAB, (3, LENGTH)).astype("int32")


def trained_discriminator():
    tf.keras.utils.set_random_seed(1)
    discriminator = CNNDiscriminator(VOCAB, LENGTH, 4, SIZES, COUNTS, dropout=0.0)
    for weight in discriminator.weights:  # Away from the initial values, biases included.
        weight.assign(weight + tf.random.normal(weight.shape, stddev=0.3))
    return discriminator


def leak_of(discriminator):
    leak = LeakedFeatures(VOCAB, 4, SIZES, COUNTS)
    leak.build()
    leak.copy_from(discriminator)
    return leak


def test_streamed_batched_and_the_discriminators_prefix_features_agree():
    discriminator = trained_discriminator()
    leak = leak_of(discriminator)
    batched = leak.prefix_features(TOKENS).numpy()  # (B, T + 1, F)
    assert batched.shape == (3, LENGTH + 1, sum(COUNTS))
    own = discriminator.prefix_features(TOKENS).numpy()  # (B, T, F): prefixes of 1..T tokens.
    np.testing.assert_allclose(batched[:, 1:], own, rtol=1e-5, atol=1e-6)
    state = leak.initial_state(3)
    streamed = [leak.features(state)]
    for t in range(LENGTH):
        state = leak.step(TOKENS[:, t], state)
        streamed.append(leak.features(state))
    np.testing.assert_allclose(np.stack(streamed, axis=1), batched, rtol=1e-5, atol=1e-6)
    # The empty prefix: no window closed, the highway of zeros.
    np.testing.assert_allclose(batched[:, 0], leak.highway(tf.zeros([3, sum(COUNTS)])), atol=1e-7)


def test_a_filter_reads_nothing_until_its_first_window_closes():
    leak = leak_of(trained_discriminator())
    state = leak.initial_state(3)
    for t in range(3):  # Three tokens: the size-4 filter has no closed window yet.
        state = leak.step(TOKENS[:, t], state)
    np.testing.assert_array_equal(state[0][:, 3 + 5 :], 0.0)
    assert np.any(state[0][:, :8].numpy() > 0)


@pytest.mark.parametrize("length", [2, 3, LENGTH])
def test_batched_features_of_any_length_traced_or_not_are_the_streamed_ones(length):
    leak = leak_of(trained_discriminator())
    tokens = TOKENS[:, :length]  # Shorter than the size-4 window, or not.
    traced = tf.function(
        leak.prefix_features, input_signature=[tf.TensorSpec([None, None], tf.int32)]
    )
    state = leak.initial_state(3)
    streamed = [leak.features(state)]
    for t in range(length):
        state = leak.step(tokens[:, t], state)
        streamed.append(leak.features(state))
    for batched in (leak.prefix_features(tokens), traced(tokens)):
        assert batched.shape == (3, length + 1, sum(COUNTS))
        np.testing.assert_allclose(batched, np.stack(streamed, axis=1), rtol=1e-5, atol=1e-6)


def test_the_copy_follows_the_discriminator_and_is_not_trainable():
    discriminator = trained_discriminator()
    leak = leak_of(discriminator)
    assert leak.trainable_weights == [] and len(leak.non_trainable_weights) > 0
    np.testing.assert_array_equal(leak.kernels[1], discriminator.convolutions[1].kernel)
    discriminator.convolutions[1].kernel.assign_add(tf.ones_like(leak.kernels[1]))
    leak.copy_from(discriminator)
    np.testing.assert_array_equal(leak.kernels[1], discriminator.convolutions[1].kernel)


def test_a_discriminator_of_other_sizes_is_refused():
    other = CNNDiscriminator(VOCAB, LENGTH, 4, (1, 2), (3, 5), dropout=0.0)
    with pytest.raises(ValueError, match="do not match the leak"):
        leak_of(trained_discriminator()).copy_from(other)
    with pytest.raises(ValueError, match="one length"):
        LeakedFeatures(VOCAB, 4, (1, 2), (3,))
