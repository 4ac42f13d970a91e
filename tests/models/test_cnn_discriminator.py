"""CNNDiscriminator at tiny shapes: shapes, SeqGAN defaults, saving, a training step, errors."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.layers import PlasticDense
from tf_hebbgan.models import CNNDiscriminator
from tf_hebbgan.models.discriminator_parts import max_over_time, running_max


def tiny(**kwargs):
    keras.utils.set_random_seed(0)
    return CNNDiscriminator(10, 5, 8, (1, 2, 5), (3, 4, 2), **kwargs)


def test_seqgan_defaults():
    model = CNNDiscriminator()
    model.build()
    assert model.feature_dim == 1720
    assert model.output_layer.kernel_regularizer.l2 == pytest.approx(0.1)
    assert model.highway.gate.bias.numpy().max() == 0.0


def test_logits_probabilities_and_round_trip(tmp_path):
    model = tiny()
    tokens = np.random.default_rng(0).integers(0, 10, (4, 5))
    logits = model(tokens, training=False)
    assert logits.shape == (4, 2)
    np.testing.assert_allclose(
        model.probability_real(tokens), keras.ops.softmax(logits)[:, 1], rtol=1e-6
    )
    path = str(tmp_path / "discriminator.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded(tokens, training=False), logits, atol=1e-6)


def test_fit_learns_to_tell_two_token_sets_apart():
    rng = np.random.default_rng(1)
    real = rng.integers(0, 5, (64, 5))
    fake = rng.integers(5, 10, (64, 5))
    x = np.concatenate([real, fake])
    y = np.concatenate([np.ones(64), np.zeros(64)])
    model = tiny(dropout=0.0)
    model.compile(
        keras.optimizers.Adam(1e-2),
        keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    history = model.fit(x, y, batch_size=32, epochs=5, verbose=0, shuffle=True)
    assert history.history["accuracy"][-1] > 0.9


def test_bad_shapes_are_clear_errors():
    with pytest.raises(ValueError, match="does not fit"):
        CNNDiscriminator(10, 5, filter_sizes=(1, 6), num_filters=(2, 2))
    with pytest.raises(ValueError, match="one length"):
        CNNDiscriminator(10, 5, filter_sizes=(1, 2), num_filters=(2,))


def test_prefix_features_end_with_the_plain_features_and_are_causal():
    model = tiny()
    tokens = np.random.default_rng(2).integers(0, 10, (3, 5))
    prefix = model.prefix_features(tokens).numpy()  # (B, T, F)
    np.testing.assert_allclose(prefix[:, -1], model.features(tokens), atol=1e-6)
    # Changing the last token leaves every earlier prefix unchanged.
    changed = tokens.copy()
    changed[:, -1] = (changed[:, -1] + 1) % 10
    np.testing.assert_allclose(model.prefix_features(changed)[:, :-1], prefix[:, :-1], atol=1e-6)


def test_running_max_and_its_gradient_against_numpy():
    rng = np.random.default_rng(3)
    values = tf.constant(rng.uniform(0.1, 1.0, (2, 7, 3)), "float32")  # Distinct, positive.
    weights = rng.normal(size=(2, 7, 3))
    with tf.GradientTape() as tape:
        tape.watch(values)
        running = running_max(values)
        loss = tf.reduce_sum(running * weights)
    np.testing.assert_allclose(running, np.maximum.accumulate(values.numpy(), axis=1))
    # Each output position sends its weight to the earlier position holding the running max.
    argmax = np.zeros((2, 7, 3), int)
    for t in range(7):
        argmax[:, t] = np.argmax(values.numpy()[:, : t + 1], axis=1)
    expected = np.zeros((2, 7, 3))
    for b in range(2):
        for t in range(7):
            for f in range(3):
                expected[b, argmax[b, t, f], f] += weights[b, t, f]
    np.testing.assert_allclose(tape.gradient(loss, values), expected, rtol=1e-5, atol=1e-6)


def test_max_over_time_and_its_gradient_against_numpy():
    rng = np.random.default_rng(4)
    values = tf.constant(rng.normal(size=(2, 7, 3)), "float32")  # Distinct; signs mixed.
    weights = rng.normal(size=(2, 3))
    with tf.GradientTape() as tape:
        tape.watch(values)
        pooled = max_over_time(values)  # (2, 3)
        loss = tf.reduce_sum(pooled * weights)
    np.testing.assert_array_equal(pooled, values.numpy().max(axis=1))
    expected = np.zeros((2, 7, 3))  # Each filter's weight goes to its argmax alone.
    argmax = values.numpy().argmax(axis=1)  # (2, 3)
    for b in range(2):
        for f in range(3):
            expected[b, argmax[b, f], f] = weights[b, f]
    np.testing.assert_allclose(tape.gradient(loss, values), expected, rtol=1e-6)


@pytest.mark.parametrize("plasticity", ["output_sequence", "output_stateful", "highway_stateful"])
def test_plastic_output_with_zero_alpha_is_the_plain_discriminator(plasticity, tmp_path):
    plain = tiny(dropout=0.0)
    plastic = tiny(dropout=0.0, plasticity=plasticity)
    plain.build()
    plastic.build()
    plastic_layer = plastic.highway.transform if plasticity == "highway_stateful" else None
    plastic_layer = plastic_layer or plastic.output_layer
    plastic_layers = [
        layer for layer in plastic._flatten_layers() if isinstance(layer, PlasticDense)
    ]
    assert plastic_layers == [plastic_layer]  # Plastic exactly where asked, nowhere else.
    plastic_layer.alpha.assign(np.zeros_like(plastic_layer.alpha.numpy()))
    plain_by_path = {w.path.split("/", 1)[1]: w for w in plain.weights}
    for target in plastic.weights:  # Copy every weight the plain model has, by path.
        source = plain_by_path.get(target.path.split("/", 1)[1])
        if source is not None:
            target.assign(source)
    tokens = np.random.default_rng(3).integers(0, 10, (4, 5))
    for _ in range(2):  # Stateful: the trace moves in training, but alpha = 0 hides it.
        np.testing.assert_allclose(
            plastic(tokens, training=True), plain(tokens, training=True), atol=1e-5
        )
    # A plastic discriminator trains one step and round-trips through .keras.
    plastic_layer.alpha.assign(np.full_like(plastic_layer.alpha.numpy(), 0.5))
    plastic.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    plastic.fit(tokens, np.array([0, 1, 0, 1]), verbose=0)
    path = str(tmp_path / "plastic.keras")
    plastic.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(
        loaded(tokens, training=False), plastic(tokens, training=False), atol=1e-5
    )
    if plasticity.endswith("_stateful"):
        assert np.abs(keras.ops.convert_to_numpy(plastic_layer.trace)).max() > 0
        plastic.reset_trace()
        assert np.abs(keras.ops.convert_to_numpy(plastic_layer.trace)).max() == 0


@pytest.mark.parametrize("plasticity", ["output_sequence", "output_stateful", "highway_stateful"])
def test_plastic_layers_get_the_trace_clip(plasticity):
    model = tiny(plasticity=plasticity, dropout=0.0)
    model.build()
    plastic = [layer for layer in model._flatten_layers() if isinstance(layer, PlasticDense)]
    assert len(plastic) == 1 and plastic[0].trace_clip == 1.0
    restored = CNNDiscriminator.from_config(model.get_config())
    assert restored.trace_clip == 1.0
    unclipped = tiny(plasticity=plasticity, dropout=0.0, trace_clip=None)
    unclipped.build()
    assert all(
        layer.trace_clip is None
        for layer in unclipped._flatten_layers()
        if isinstance(layer, PlasticDense)
    )
    with pytest.raises(ValueError, match="trace_clip"):
        tiny(plasticity=plasticity, trace_clip=0.0)


def test_sequence_traces_are_the_output_layers_trace_over_the_prefixes():
    model = tiny(plasticity="output_sequence", dropout=0.0)
    model.build()
    model.output_layer.alpha.assign(np.full_like(model.output_layer.alpha.numpy(), 0.5))
    tokens = np.random.default_rng(4).integers(0, 10, (3, 5))
    traces = model.sequence_traces(tokens)
    assert list(traces) == ["logits"] and tuple(traces["logits"].shape) == (3, 9, 2)
    # (3, 5, 2), (3, 9, 2)
    outputs, trace = model.output_layer(model.prefix_features(tokens), return_trace=True)
    np.testing.assert_allclose(traces["logits"], trace, atol=1e-6)
    np.testing.assert_allclose(outputs[:, -1], model(tokens), atol=1e-6)
    assert np.abs(trace).max() > 0
    plain = tiny(dropout=0.0)
    plain.build()
    assert plain.sequence_traces(tokens) == {}
