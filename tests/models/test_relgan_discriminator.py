"""RelGANDiscriminator: ids equal one-hot input, representations scored apart, plastic output."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.models import RelGANDiscriminator

V, T = 10, 6
TOKENS = np.random.default_rng(0).integers(0, V, (3, T)).astype("int32")


def _discriminator(**kwargs):
    return RelGANDiscriminator(V, T, embedding_dim=4, num_rep=2, num_filters=(3,) * 4, **kwargs)


def test_token_ids_equal_their_one_hot_and_relaxed_input_has_a_gradient():
    discriminator = _discriminator()
    logits = discriminator(TOKENS)  # (3, 2)
    assert logits.shape == (3, 2)
    np.testing.assert_array_equal(logits, discriminator(tf.one_hot(TOKENS, V)))
    relaxed = tf.Variable(tf.nn.softmax(tf.random.normal([3, T, V])))
    with tf.GradientTape() as tape:
        value = tf.reduce_sum(discriminator(relaxed))
    assert np.any(tape.gradient(value, relaxed).numpy() != 0)


def test_each_representation_reads_its_own_embedding_columns():
    discriminator = _discriminator()
    before = discriminator(TOKENS).numpy()
    kernel = discriminator.embedding.kernel
    kernel.assign(kernel.numpy() * np.array([[1.0, 1.0, 3.0, 3.0]], "float32"))  # Rep 1 only.
    after = discriminator(TOKENS).numpy()
    np.testing.assert_array_equal(after[:, 0], before[:, 0])
    assert np.all(after[:, 1] != before[:, 1])


@pytest.mark.parametrize("plasticity", [None, "output_sequence", "output_stateful"])
def test_keras_round_trip(plasticity, tmp_path):
    discriminator = _discriminator(plasticity=plasticity, dropout=0.0)
    if plasticity == "output_stateful":
        discriminator(TOKENS, training=True)  # Moves the trace, which the file keeps.
    path = os.path.join(tmp_path, "d.keras")
    discriminator.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.get_config() == discriminator.get_config()
    np.testing.assert_allclose(loaded(TOKENS), discriminator(TOKENS), atol=1e-6)
    assert loaded.probability_real(TOKENS).shape == (3,)


def test_stateful_trace_moves_in_training_only_and_resets():
    discriminator = _discriminator(plasticity="output_stateful", dropout=0.0)
    start = discriminator(TOKENS).numpy()
    discriminator(TOKENS)  # Inference reads the trace, leaves it.
    assert np.all(discriminator.output_layer.trace.numpy() == 0)
    discriminator(TOKENS, training=True)
    assert np.any(discriminator.output_layer.trace.numpy() != 0)
    assert np.any(discriminator(TOKENS).numpy() != start)
    discriminator.reset_trace()
    np.testing.assert_array_equal(discriminator(TOKENS).numpy(), start)


def test_features_are_each_filters_max_over_time_of_relu_maps():
    # The features take the ReLU after the max (the same values); checked against ReLU first,
    # with the embedding scaled so that many filters are negative at every position.
    discriminator = _discriminator(dropout=0.0)
    discriminator.embedding.kernel.assign(discriminator.embedding.kernel * 5.0)
    embedded = discriminator.representations(TOKENS)  # (3 * 2, T, 2)
    maps = [np.maximum(conv(embedded).numpy(), 0.0) for conv in discriminator.convolutions]
    pooled = np.concatenate([m.max(axis=1) for m in maps], axis=-1)  # (6, 12)
    assert np.any(pooled == 0.0) and np.any(pooled > 0.0)
    expected = discriminator.highway(pooled)
    np.testing.assert_allclose(discriminator.features(TOKENS), expected, atol=1e-6)
    prefix = _discriminator(plasticity="output_sequence", dropout=0.0)
    for source, target in zip(_body(discriminator), _body(prefix), strict=True):
        target.set_weights(source.get_weights())
    last = prefix.prefix_features(TOKENS)[:, -1]  # (6, 12): every window inside the sequence.
    np.testing.assert_allclose(last, prefix.features(TOKENS), atol=1e-6)


def _body(discriminator):
    return [discriminator.embedding, *discriminator.convolutions, discriminator.highway]


def test_sequence_trace_scores_the_last_prefix():
    discriminator = _discriminator(plasticity="output_sequence")
    traces = discriminator.sequence_traces(TOKENS)
    assert traces[discriminator.output_layer.name].shape == (3 * 2, 100, 1)
    with pytest.raises(ValueError, match="stateful"):
        discriminator.reset_trace()


def test_bad_arguments_are_one_line_errors():
    with pytest.raises(ValueError, match="multiple of num_rep"):
        RelGANDiscriminator(V, T, embedding_dim=6, num_rep=4)
    with pytest.raises(ValueError, match="does not fit"):
        RelGANDiscriminator(V, 3)
