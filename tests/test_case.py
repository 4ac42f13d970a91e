"""Shared checks for every layer (after keras-hub's `TestCase.run_layer_test`)."""

import os
import tempfile

import keras
import numpy as np
import tensorflow as tf


def run_layer_test(layer_cls, init_kwargs, input_data, expected_output_shape, atol=1e-6):
    """Symbolic and eager calls, one fit step, config round trip, `.keras` round trip, XLA.

    `init_kwargs` is a dict, or a function returning a fresh one (for arguments that are
    layers themselves, such as an RNN's cell). Returns the layer used in the fitted model.
    """
    input_data = np.asarray(input_data, dtype="float32")
    make_kwargs = init_kwargs if callable(init_kwargs) else lambda: init_kwargs

    # Eager call and config round trip.
    layer = layer_cls(**make_kwargs())
    outputs = layer(input_data)
    first = outputs[0] if isinstance(outputs, (tuple, list)) else outputs
    assert tuple(first.shape) == tuple(expected_output_shape)
    clone = layer_cls.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()

    # Symbolic call inside a functional model, and one fit step.
    inputs = keras.Input(input_data.shape[1:])
    symbolic = layer_cls(**make_kwargs())(inputs)
    symbolic_first = symbolic[0] if isinstance(symbolic, (tuple, list)) else symbolic
    assert tuple(symbolic_first.shape[1:]) == tuple(expected_output_shape[1:])
    model = keras.Model(inputs, symbolic_first)
    model.compile(optimizer="sgd", loss="mse")
    before = [w.numpy().copy() for w in model.trainable_weights]
    model.fit(input_data, np.zeros(expected_output_shape, "float32"), verbose=0, epochs=1)
    moved = [
        not np.array_equal(a, w.numpy())
        for a, w in zip(before, model.trainable_weights, strict=True)
    ]
    assert any(moved), "one fit step changed no weight"

    # .keras round trip gives identical outputs.
    expected = model.predict(input_data, verbose=0)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "model.keras")
        model.save(path)
        loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(input_data, verbose=0), expected, atol=atol)

    # XLA compilation computes the same function.
    compiled = tf.function(lambda x: model(x, training=False), jit_compile=True)
    np.testing.assert_allclose(compiled(input_data).numpy(), expected, atol=1e-5)
    return model.layers[-1]
