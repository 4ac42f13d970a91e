"""PlasticDense against a NumPy reference of both rules, in sequence, step and stateful mode."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.test_case import run_layer_test
from tf_hebbgan.layers import PlasticDense

IN, UNITS, BATCH, TIME = 4, 3, 2, 6


def reference_sequence(x, kernel, bias, alpha, eta, rule, trace=None, clip=None):
    """NumPy: per-example traces along time. x (B, T, in) -> y (B, T, units), trace."""
    batch, time, _ = x.shape
    trace = np.zeros((batch,) + kernel.shape) if trace is None else trace.copy()
    ys = np.zeros((batch, time, kernel.shape[1]))
    for b in range(batch):
        for t in range(time):
            xt = x[b, t]
            y = np.tanh(xt @ (kernel + alpha * trace[b]) + bias)
            if rule == "hebb":
                trace[b] = (1 - eta) * trace[b] + eta * np.outer(xt, y)
            else:  # Oja, per connection: H_ij += eta * y_j * (x_i - H_ij * y_j)
                for i in range(kernel.shape[0]):
                    for j in range(kernel.shape[1]):
                        trace[b, i, j] += eta_at(eta, j) * y[j] * (xt[i] - trace[b, i, j] * y[j])
            if clip is not None:
                trace[b] = np.clip(trace[b], -clip, clip)
            ys[b, t] = y
    return ys, trace


def eta_at(eta, j):
    return eta if np.ndim(eta) == 0 else eta[j]


def reference_stateful(batches, kernel, bias, alpha, eta, rule):
    """NumPy: one shared trace, moved by the batch-mean outer product after each batch."""
    trace = np.zeros(kernel.shape)
    outputs, traces = [], []
    for x in batches:
        y = np.tanh(x @ (kernel + alpha * trace) + bias)
        mean_outer = x.T @ y / len(x)
        if rule == "hebb":
            trace = (1 - eta) * trace + eta * mean_outer
        else:
            trace = trace + eta * (mean_outer - trace * np.mean(y**2, axis=0))
        outputs.append(y)
        traces.append(trace.copy())
    return outputs, traces


def make_layer(rule, alpha_shape="connection", eta_shape="scalar", **kwargs):
    layer = PlasticDense(
        UNITS,
        activation="tanh",
        rule=rule,
        alpha_shape=alpha_shape,
        eta_shape=eta_shape,
        eta_initial=0.3,
        alpha_initializer=keras.initializers.RandomUniform(-1.0, 1.0, seed=1),
        kernel_initializer=keras.initializers.RandomNormal(seed=2),
        bias_initializer=keras.initializers.RandomNormal(seed=3),
        **kwargs,
    )
    return layer


def parameters(layer):
    return (
        layer.kernel.numpy(),
        layer.bias.numpy(),
        layer.alpha.numpy(),
        keras.ops.convert_to_numpy(layer.eta),
    )


@pytest.mark.parametrize("rule", ["hebb", "oja"])
@pytest.mark.parametrize(
    "alpha_shape,eta_shape", [("connection", "scalar"), ("unit", "unit"), ("scalar", "scalar")]
)
def test_sequence_mode_matches_numpy(rule, alpha_shape, eta_shape):
    x = np.random.default_rng(0).normal(size=(BATCH, TIME, IN)).astype("float32")
    layer = make_layer(rule, alpha_shape, eta_shape)
    outputs, trace = layer(x, return_trace=True)
    expected_outputs, expected_trace = reference_sequence(x, *parameters(layer), rule)
    np.testing.assert_allclose(outputs, expected_outputs, atol=1e-5)
    np.testing.assert_allclose(trace, expected_trace, atol=1e-5)
    assert np.abs(expected_trace).max() > 0.05  # The trace really moved.


@pytest.mark.parametrize("rule", ["hebb", "oja"])
def test_initial_trace_and_step_mode_continue_the_sequence(rule):
    x = np.random.default_rng(1).normal(size=(BATCH, TIME, IN)).astype("float32")
    layer = make_layer(rule)
    full, full_trace = layer(x, return_trace=True)
    first, trace = layer(x[:, :3], return_trace=True)
    second, trace = layer(x[:, 3:5], initial_trace=trace, return_trace=True)
    last, trace = layer(x[:, 5], initial_trace=trace, return_trace=True)  # Step mode.
    np.testing.assert_allclose(np.concatenate([first, second], 1), full[:, :5], atol=1e-6)
    np.testing.assert_allclose(last, full[:, 5], atol=1e-6)
    np.testing.assert_allclose(trace, full_trace, atol=1e-6)


def test_trace_clip_bounds_the_trace():
    x = 3.0 * np.ones((BATCH, TIME, IN), "float32")
    layer = make_layer("hebb", trace_clip=0.1)
    _, trace = layer(x, return_trace=True)
    assert np.abs(trace).max() == pytest.approx(0.1)
    _, expected = reference_sequence(x, *parameters(layer), "hebb", clip=0.1)
    np.testing.assert_allclose(trace, expected, atol=1e-5)


@pytest.mark.parametrize("rule", ["hebb", "oja"])
def test_stateful_mode_matches_numpy(rule):
    rng = np.random.default_rng(2)
    batches = [rng.normal(size=(5, IN)).astype("float32") for _ in range(4)]
    layer = make_layer(rule, stateful=True)
    layer.build((None, IN))
    expected_outputs, expected_traces = reference_stateful(batches, *parameters(layer), rule)
    for x, expected_y, expected_trace in zip(
        batches, expected_outputs, expected_traces, strict=True
    ):
        np.testing.assert_allclose(layer(x, training=True), expected_y, atol=1e-5)
        np.testing.assert_allclose(layer.trace, expected_trace, atol=1e-5)
    # Inference reads the trace and leaves it alone.
    before = layer.trace.numpy()
    layer(batches[0], training=False)
    np.testing.assert_array_equal(layer.trace, before)
    assert np.abs(before).max() > 0.05
    layer.reset_trace()
    np.testing.assert_array_equal(layer.trace, np.zeros((IN, UNITS)))


def test_alpha_zero_equals_dense_in_both_modes():
    rng = np.random.default_rng(3)
    x_seq = rng.normal(size=(BATCH, TIME, IN)).astype("float32")
    x_flat = rng.normal(size=(5, IN)).astype("float32")
    for stateful, x in ((False, x_seq), (True, x_flat)):
        layer = PlasticDense(UNITS, activation="tanh", stateful=stateful, alpha_initializer="zeros")
        layer.build((None, IN))
        dense = keras.layers.Dense(UNITS, activation="tanh")
        dense.build((None, IN))
        dense.set_weights([layer.kernel.numpy(), layer.bias.numpy()])
        for _ in range(3):  # The trace grows, but with alpha = 0 it never matters.
            np.testing.assert_array_equal(layer(x, training=True), dense(x))


@pytest.mark.parametrize("rule", ["hebb", "oja"])
def test_gradients_reach_alpha_and_eta_through_the_trace(rule):
    x = np.random.default_rng(4).normal(size=(BATCH, TIME, IN)).astype("float32")
    layer = make_layer(rule)
    layer.build((None, None, IN))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x) ** 2)
    grads = tape.gradient(loss, [layer.kernel, layer.bias, layer.alpha, layer.eta_logit])
    for grad in grads:
        assert grad is not None and np.abs(grad.numpy()).max() > 0

    stateful = make_layer(rule, stateful=True)
    stateful(x[:, 0], training=True)  # Makes the trace nonzero.
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(stateful(x[:, 1], training=True) ** 2)
    grads = tape.gradient(loss, [stateful.alpha, stateful.eta_logit])
    for grad in grads:
        assert grad is not None and np.abs(grad.numpy()).max() > 0
    assert not any(w.trainable for w in stateful.non_trainable_weights)


def test_eta_stays_in_unit_interval_and_broadcasts():
    layer = PlasticDense(UNITS, eta_shape="unit", eta_initial=0.2)
    layer.build((None, IN))
    layer.eta_logit.assign(np.array([-50.0, 0.0, 50.0], "float32"))
    eta = keras.ops.convert_to_numpy(layer.eta)
    assert eta.shape == (UNITS,) and np.all(eta >= 0) and np.all(eta <= 1)
    assert np.broadcast_shapes(eta.shape, layer.alpha.shape) == (IN, UNITS)


def test_layer_harness_sequence_step_and_stateful():
    x = np.random.default_rng(5).normal(size=(BATCH, TIME, IN))
    run_layer_test(PlasticDense, {"units": UNITS, "rule": "oja"}, x, (BATCH, TIME, UNITS))
    layer = run_layer_test(
        PlasticDense, {"units": UNITS, "stateful": True}, x[:, 0], (BATCH, UNITS)
    )
    assert np.abs(layer.trace.numpy()).max() > 0  # fit moved the trace.


def test_the_trace_is_read_one_way_symbolically_too():
    inputs = keras.Input((TIME, IN))
    outputs, trace = PlasticDense(UNITS)(inputs, return_trace=True)
    assert tuple(outputs.shape) == (None, TIME, UNITS) and tuple(trace.shape) == (None, IN, UNITS)
    x = np.random.default_rng(6).normal(size=(BATCH, TIME, IN)).astype("float32")
    model = keras.Model(inputs, [outputs, trace])
    eager_outputs, eager_trace = model.layers[-1](x, return_trace=True)
    np.testing.assert_allclose(model.predict(x, verbose=0)[1], eager_trace, atol=1e-6)
    with pytest.raises(ValueError, match="returns no trace"):
        PlasticDense(UNITS, stateful=True)(x[:, 0], return_trace=True)


def test_stateful_trace_saved_and_restored(tmp_path):
    layer = make_layer("hebb", stateful=True)
    inputs = keras.Input((IN,))
    model = keras.Model(inputs, layer(inputs))
    layer(np.ones((2, IN), "float32"), training=True)
    checkpoint = tf.train.Checkpoint(model=model)
    path = checkpoint.write(str(tmp_path / "plastic_ckpt"))
    expected = layer.trace.numpy()
    layer.reset_trace()
    checkpoint.read(path).assert_consumed()
    np.testing.assert_array_equal(layer.trace, expected)


def test_stateful_trace_consistent_across_replicas(mirrored_strategy):
    strategy = mirrored_strategy
    assert strategy.num_replicas_in_sync == 2
    x = np.random.default_rng(6).normal(size=(8, IN)).astype("float32")
    y = np.zeros((8, UNITS), "float32")

    def build():
        inputs = keras.Input((IN,))
        model = keras.Model(inputs, make_layer("hebb", stateful=True)(inputs))
        model.compile(optimizer="sgd", loss="mse")
        return model

    single = build()
    single.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    with strategy.scope():
        mirrored = build()
    mirrored.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    layer = mirrored.layers[-1]
    replicas = [
        strategy.experimental_local_results(v.value)
        for v in (layer.previous_trace, layer.previous_outer)
    ]
    for values in replicas:
        assert len(values) == 2
        np.testing.assert_allclose(values[0], values[1], atol=1e-7)
    np.testing.assert_allclose(layer.trace, single.layers[-1].trace, atol=1e-6)


def test_bad_input_raises_clear_errors():
    with pytest.raises(ValueError, match="rule"):
        PlasticDense(3, rule="anti-hebb")
    with pytest.raises(ValueError, match="eta_initial"):
        PlasticDense(3, eta_initial=1.5)
    with pytest.raises(ValueError, match=r"\(batch, features\)"):
        PlasticDense(3, stateful=True)(np.zeros((2, 5, 4), "float32"))
    with pytest.raises(ValueError, match="shape"):
        PlasticDense(3)(np.zeros((2, 5, 4, 1), "float32"))
    with pytest.raises(ValueError, match="stateful"):
        PlasticDense(3).reset_trace()


@pytest.mark.parametrize("rule", ["hebb", "oja"])
def test_sequence_mode_gradients_equal_an_unrolled_step_loop(rule):
    """The compiled sequence loop (TensorArray reads, tf.while_loop) has the gradients of the
    same recurrence unrolled in Python with `step()`."""
    x = tf.constant(np.random.default_rng(7).normal(size=(BATCH, TIME, IN)).astype("float32"))
    layer = make_layer(rule, trace_clip=0.5)
    layer.build((None, None, IN))
    weights = [layer.kernel, layer.bias, layer.alpha, layer.eta_logit]
    upstream = tf.constant(np.random.default_rng(8).normal(size=(BATCH, TIME, UNITS)), "float32")

    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.function(layer)(x) * upstream)
    compiled = tape.gradient(loss, [x] + weights)

    with tf.GradientTape() as tape:
        tape.watch(x)
        trace = tf.zeros((BATCH, IN, UNITS))
        loss = 0.0
        for t in range(TIME):
            y, trace = layer.step(x[:, t], trace)
            loss += tf.reduce_sum(y * upstream[:, t])
    unrolled = tape.gradient(loss, [x] + weights)
    for got, want in zip(compiled, unrolled, strict=True):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-4, atol=1e-5)


def test_trace_clip_stops_the_runaway_of_a_wide_stateful_trace():
    """With many positive inputs and a linear output, the Hebbian loop gain alpha * |x|^2 is
    above 1 and an unclipped shared trace grows geometrically (the paper-size discriminator's
    1,720 ReLU features did this in training); a clipped one stays bounded."""
    x = np.full((8, 200), 0.5, "float32")

    def final_trace(clip):
        layer = PlasticDense(
            2,
            stateful=True,
            eta_initial=0.1,
            trace_clip=clip,
            alpha_initializer=keras.initializers.Constant(0.2),
            kernel_initializer=keras.initializers.Constant(0.01),
        )
        for _ in range(60):
            outputs = layer(x, training=True)
        return np.abs(layer.trace.numpy()).max(), np.abs(outputs.numpy()).max()

    trace, _ = final_trace(None)
    assert not trace < 1e6  # Grown past 1e6 (or to inf / NaN).
    trace, outputs = final_trace(1.0)
    assert trace <= 1.0 and np.isfinite(outputs) and outputs < 100.0
