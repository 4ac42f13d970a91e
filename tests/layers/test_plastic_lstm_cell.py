"""PlasticLSTMCell: alpha = 0 is a plain LSTM; the trace follows the rule; it trains and saves."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.test_case import run_layer_test
from tf_hebbgan.layers import PlasticLSTMCell

IN, UNITS = 3, 4


def test_alpha_zero_equals_keras_lstm_cell():
    x = np.random.default_rng(0).normal(size=(2, 5, IN)).astype("float32")
    plastic = keras.layers.RNN(
        PlasticLSTMCell(UNITS, alpha_initializer="zeros", eta_initial=0.5), return_sequences=True
    )
    plain = keras.layers.RNN(
        keras.layers.LSTMCell(UNITS, unit_forget_bias=False), return_sequences=True
    )
    plastic.build((None, 5, IN))
    plain.build((None, 5, IN))
    cell = plastic.cell
    u = cell.recurrent_kernel.numpy()  # (H, 3H): i, f, o
    u_c = cell.candidate.kernel.numpy()
    b = cell.bias.numpy()
    plain.cell.kernel.assign(cell.kernel.numpy())
    plain.cell.recurrent_kernel.assign(
        np.concatenate([u[:, :UNITS], u[:, UNITS : 2 * UNITS], u_c, u[:, 2 * UNITS :]], axis=1)
    )
    plain.cell.bias.assign(
        np.concatenate(
            [b[:UNITS], b[UNITS : 2 * UNITS], cell.candidate.bias.numpy(), b[2 * UNITS :]]
        )
    )
    np.testing.assert_allclose(plastic(x), plain(x), atol=1e-6)


def test_trace_follows_the_hebbian_rule_from_h_prev_and_candidate():
    cell = PlasticLSTMCell(UNITS, eta_initial=0.5, trace_clip=10.0)
    cell.build((None, IN))
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, IN)).astype("float32")
    h = rng.normal(size=(2, UNITS)).astype("float32")
    c = np.zeros((2, UNITS), "float32")
    trace = rng.normal(size=(2, UNITS * UNITS)).astype("float32") * 0.1
    _, (_, _, new_trace) = cell(x, [h, c, trace])
    x_c = (x @ cell.kernel.numpy())[:, 2 * UNITS : 3 * UNITS]
    hebb = trace.reshape(2, UNITS, UNITS)
    alpha = cell.candidate.alpha.numpy()
    candidate = np.tanh(
        np.einsum("bi,bij->bj", h, cell.candidate.kernel.numpy() + alpha * hebb)
        + cell.candidate.bias.numpy()
        + x_c
    )
    expected = 0.5 * hebb + 0.5 * np.einsum("bi,bj->bij", h, candidate)
    np.testing.assert_allclose(np.reshape(new_trace, (2, UNITS, UNITS)), expected, atol=1e-5)


def test_trains_and_round_trips(tmp_path):
    inputs = keras.Input((5, IN))
    outputs = keras.layers.RNN(PlasticLSTMCell(UNITS))(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(outputs))
    model.compile("adam", "mse")
    x = np.random.default_rng(2).normal(size=(8, 5, IN)).astype("float32")
    model.fit(x, np.ones((8, 1)), verbose=0)
    path = str(tmp_path / "m.keras")
    model.save(path)
    np.testing.assert_allclose(
        keras.saving.load_model(path).predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6
    )
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x) ** 2)
    cell = model.layers[1].cell
    grads = tape.gradient(loss, [cell.candidate.alpha, cell.candidate.eta_logit])
    assert all(g is not None and np.abs(g.numpy()).max() > 0 for g in grads)


def test_layer_harness_through_keras_rnn():
    x = np.random.default_rng(3).normal(size=(2, 5, IN))
    for rule in ("hebb", "oja"):
        layer = run_layer_test(
            keras.layers.RNN,
            lambda rule=rule: {"cell": PlasticLSTMCell(UNITS, rule=rule), "return_sequences": True},
            x,
            (2, 5, UNITS),
        )
        assert isinstance(layer.cell, PlasticLSTMCell) and layer.cell.rule == rule


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"units": 0}, "units"),
        ({"units": 2.5}, "units"),
        ({"units": 4, "rule": "bcm"}, "rule"),
        ({"units": 4, "alpha_shape": "row"}, "alpha_shape"),
        ({"units": 4, "eta_shape": "connection"}, "eta_shape"),
        ({"units": 4, "eta_initial": 1.0}, "eta_initial"),
        ({"units": 4, "trace_clip": 0.0}, "trace_clip"),
    ],
)
def test_bad_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        PlasticLSTMCell(**kwargs)
