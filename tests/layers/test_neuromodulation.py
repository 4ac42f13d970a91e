"""Neuromodulated PlasticDense (Backpropamine): simple and retroactive rules against NumPy."""

import numpy as np
import pytest

from tests.test_case import run_layer_test
from tf_hebbgan.layers import PlasticDense

IN, UNITS = 3, 4


def _layer(neuromodulation, clip=None):
    layer = PlasticDense(
        UNITS, activation="tanh", neuromodulation=neuromodulation, eta_initial=0.3, trace_clip=clip
    )
    layer.build((None, IN))
    rng = np.random.default_rng(0)
    layer.alpha.assign(rng.normal(size=(IN, UNITS)).astype("float32"))
    layer.modulator_bias.assign([0.2])
    return layer


def _update(neuromodulation, hebb, eligibility, m, outer, clip, eta=0.3):
    """One Backpropamine update of `(Hebb, E)` by the signal `m` and the coincidence `outer`."""
    if neuromodulation == "simple":
        hebb = hebb + m * outer
    else:
        hebb = hebb + m * eligibility
        eligibility = (1 - eta) * eligibility + eta * outer
    return (hebb if clip is None else np.clip(hebb, -clip, clip)), eligibility


def _numpy_steps(layer, x, clip=None):
    """The Backpropamine recurrences over `x` (B, T, IN), written out; returns the outputs and
    the final trace as the layer lays it out."""
    w, b, alpha = layer.kernel.numpy(), layer.bias.numpy(), layer.alpha.numpy()
    w_m, b_m = layer.modulator_kernel.numpy(), layer.modulator_bias.numpy()
    batch = len(x)
    hebb, eligibility = np.zeros((batch, IN, UNITS)), np.zeros((batch, IN, UNITS))
    outputs = []
    for t in range(x.shape[1]):
        xt = x[:, t]
        y = np.tanh(xt @ w + b + np.einsum("bi,bij->bj", xt, alpha * hebb))
        m = np.tanh(y @ w_m + b_m)[:, :, None]  # (B, 1, 1)
        outer = np.einsum("bi,bj->bij", xt, y)
        hebb, eligibility = _update(layer.neuromodulation, hebb, eligibility, m, outer, clip)
        outputs.append(y)
    trace = hebb if layer.neuromodulation == "simple" else np.concatenate([hebb, eligibility], -1)
    return np.stack(outputs, 1), trace


@pytest.mark.parametrize("neuromodulation", ["simple", "retroactive"])
@pytest.mark.parametrize("clip", [None, 0.05])
def test_sequence_and_steps_match_numpy(neuromodulation, clip):
    layer = _layer(neuromodulation, clip)
    x = np.random.default_rng(1).normal(size=(2, 5, IN)).astype("float32")
    outputs, trace = layer(x, return_trace=True)
    expected_outputs, expected_trace = _numpy_steps(layer, x.astype("float64"), clip)
    np.testing.assert_allclose(outputs, expected_outputs, atol=1e-5)
    np.testing.assert_allclose(trace, expected_trace, atol=1e-5)
    assert trace.shape == (2, IN, UNITS * (2 if neuromodulation == "retroactive" else 1))
    state = np.zeros((2, IN, layer.trace_units), "float32")
    for t in range(5):  # Step mode carries the same trace.
        step_outputs, state = layer.step(x[:, t], state)
        np.testing.assert_allclose(step_outputs, expected_outputs[:, t], atol=1e-5)


def test_retroactive_signal_acts_on_past_coincidences():
    # With M = 0 nothing is written into Hebb, but the eligibility trace still records.
    layer = _layer("retroactive")
    layer.modulator_kernel.assign(np.zeros((UNITS, 1), "float32"))
    layer.modulator_bias.assign([0.0])
    x = np.ones((1, 3, IN), "float32")
    _, trace = layer(x, return_trace=True)
    np.testing.assert_array_equal(trace[..., :UNITS], 0.0)
    assert np.all(np.abs(trace[..., UNITS:]) > 0)


@pytest.mark.parametrize("neuromodulation", ["simple", "retroactive"])
def test_layer_harness(neuromodulation):
    run_layer_test(
        PlasticDense,
        {"units": UNITS, "activation": "tanh", "neuromodulation": neuromodulation},
        np.random.default_rng(2).normal(size=(2, 5, IN)),
        (2, 5, UNITS),
        atol=1e-5,
    )


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="neuromodulation"):
        PlasticDense(UNITS, neuromodulation="dopamine")


def _stateful_layer(neuromodulation, clip=None):
    layer = PlasticDense(
        UNITS,
        activation="tanh",
        neuromodulation=neuromodulation,
        eta_initial=0.3,
        trace_clip=clip,
        stateful=True,
    )
    layer.build((None, IN))
    layer.alpha.assign(np.random.default_rng(0).normal(size=(IN, UNITS)).astype("float32"))
    layer.modulator_kernel.assign(np.full((UNITS, 1), 0.7, "float32"))
    layer.modulator_bias.assign([0.2])
    return layer


def _numpy_stateful(layer, batches, clip=None):
    """The shared trace over training calls on `batches`, written out: one signal per batch
    from its mean output, times the batch-mean outer product (or the shared E)."""
    w, b, alpha = layer.kernel.numpy(), layer.bias.numpy(), layer.alpha.numpy()
    w_m, b_m = layer.modulator_kernel.numpy(), layer.modulator_bias.numpy()
    hebb, eligibility, outputs = np.zeros((IN, UNITS)), np.zeros((IN, UNITS)), []
    for x in batches:
        y = np.tanh(x @ (w + alpha * hebb) + b)  # (B, UNITS)
        m = np.tanh(y.mean(0) @ w_m + b_m)[0]
        outer = x.T @ y / len(x)
        hebb, eligibility = _update(layer.neuromodulation, hebb, eligibility, m, outer, clip)
        outputs.append(y)
    return outputs, hebb


@pytest.mark.parametrize("neuromodulation", ["simple", "retroactive"])
@pytest.mark.parametrize("clip", [None, 0.05])
def test_stateful_shared_trace_matches_numpy(neuromodulation, clip):
    layer = _stateful_layer(neuromodulation, clip)
    batches = np.random.default_rng(3).normal(size=(4, 5, IN)).astype("float32")
    expected_outputs, expected_trace = _numpy_stateful(layer, batches.astype("float64"), clip)
    for x, expected in zip(batches, expected_outputs, strict=True):
        np.testing.assert_allclose(layer(x, training=True), expected, atol=1e-5)
    np.testing.assert_allclose(layer.trace, expected_trace, atol=1e-5)
    before = np.asarray(layer.trace)
    layer(batches[0], training=False)  # Inference reads the trace only.
    np.testing.assert_array_equal(layer.trace, before)
    layer.reset_trace()
    np.testing.assert_array_equal(layer.trace, 0.0)


@pytest.mark.parametrize("neuromodulation", ["simple", "retroactive"])
def test_stateful_modulator_is_trained_through_the_last_update(neuromodulation):
    import tensorflow as tf

    layer = _stateful_layer(neuromodulation)
    batches = np.random.default_rng(4).normal(size=(3, 5, IN)).astype("float32")
    for x in batches[:2]:
        layer(x, training=True)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(batches[2], training=True))
    gradients = tape.gradient(loss, [layer.modulator_kernel, layer.modulator_bias])
    assert all(g is not None and np.any(np.asarray(g) != 0) for g in gradients)


@pytest.mark.parametrize("neuromodulation", ["simple", "retroactive"])
def test_stateful_layer_harness(neuromodulation):
    run_layer_test(
        PlasticDense,
        {"units": UNITS, "neuromodulation": neuromodulation, "stateful": True},
        np.random.default_rng(2).normal(size=(2, IN)),
        (2, UNITS),
        atol=1e-5,
    )


@pytest.mark.parametrize("neuromodulation", ["simple", "retroactive"])
def test_plastic_lstm_generator_with_neuromodulation(neuromodulation, tmp_path):
    import keras

    from tf_hebbgan.models import LSTMGenerator

    generator = LSTMGenerator(
        12, 4, 4, 6, seed=0, plastic_rule="hebb", neuromodulation=neuromodulation
    )
    tokens = generator.sample(3, seed=1)
    path = str(tmp_path / "generator.keras")
    generator.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(loaded.nll(tokens), generator.nll(tokens))
    assert generator.sequence_traces(tokens)["candidate"].shape == (3, 4, 4)
    width = 2 if neuromodulation == "retroactive" else 1
    assert generator.cell.state_size[2] == 16 * width
