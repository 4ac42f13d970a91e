"""Highway: the formula, the negative gate bias, and the shared layer checks."""

import numpy as np

from tests.test_case import run_layer_test
from tf_hebbgan.layers import Highway


def test_highway_matches_formula():
    x = np.random.default_rng(0).normal(size=(3, 5)).astype("float32")
    layer = Highway()
    outputs = layer(x).numpy()
    w_h, b_h = layer.transform.kernel.numpy(), layer.transform.bias.numpy()
    w_g, b_g = layer.gate.kernel.numpy(), layer.gate.bias.numpy()
    gate = 1 / (1 + np.exp(-(x @ w_g + b_g)))
    expected = gate * np.maximum(x @ w_h + b_h, 0) + (1 - gate) * x
    np.testing.assert_allclose(outputs, expected, atol=1e-6)
    np.testing.assert_array_equal(b_g, np.full(5, -2.0, "float32"))


def test_highway_layer_harness():
    x = np.random.default_rng(1).normal(size=(2, 6))
    run_layer_test(Highway, {"gate_bias": -1.0}, x, (2, 6))
    run_layer_test(Highway, {}, np.random.default_rng(2).normal(size=(2, 4, 6)), (2, 4, 6))
