"""RelationalMemoryCell: one step against NumPy, the identity start, the layer harness."""

import keras
import numpy as np
import pytest

from tests.test_case import run_layer_test
from tf_hebbgan.layers import RelationalMemoryCell


def _layer_norm(x, layer, epsilon):
    mean = x.mean(-1, keepdims=True)
    variance = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + epsilon) * layer.gamma.numpy() + layer.beta.numpy()


def _dense(x, layer):
    out = x @ layer.kernel.numpy()
    return out + layer.bias.numpy() if layer.use_bias else out


def _numpy_step(cell, x, memory):
    """Santoro et al.'s step as RelGAN's code computes it, written out in NumPy."""
    n, m, heads, size = cell.mem_slots, cell.mem_size, cell.num_heads, cell.head_size
    key, eps = size, cell.epsilon
    batch = len(x)
    previous = memory.reshape(batch, n, m)
    projected = _dense(x, cell.input_projection)  # (B, M)
    rows = np.concatenate([previous, projected[:, None]], axis=1)  # (B, N + 1, M)
    for block in range(cell.num_blocks):  # Every row through every block; kept: [:N].
        qkv = _dense(rows, getattr(cell, f"qkv_{block}"))
        qkv = _layer_norm(qkv, getattr(cell, f"qkv_norm_{block}"), eps)
        qkv = qkv.reshape(batch, n + 1, heads, 2 * key + size).transpose(0, 2, 1, 3)
        q = qkv[..., :key] / np.sqrt(2 * key + size)
        k, v = qkv[..., key : 2 * key], qkv[..., 2 * key :]
        logits = q @ k.transpose(0, 1, 3, 2)
        weights = np.exp(logits - logits.max(-1, keepdims=True))
        weights /= weights.sum(-1, keepdims=True)
        attended = (weights @ v).transpose(0, 2, 1, 3).reshape(batch, n + 1, m)
        rows = _layer_norm(rows + attended, getattr(cell, f"attention_norm_{block}"), eps)
        hidden = np.maximum(_dense(rows, getattr(cell, f"mlp_{block}_0")), 0.0)
        hidden = _dense(hidden, getattr(cell, f"mlp_{block}_1"))
        rows = _layer_norm(rows + hidden, getattr(cell, f"mlp_norm_{block}"), eps)
    gates = (
        _dense(np.tanh(previous), cell.memory_gate) + _dense(projected, cell.input_gate)[:, None]
    )
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    input_gate = sigmoid(gates[..., :m] + cell.input_bias)
    forget_gate = sigmoid(gates[..., m:] + cell.forget_bias)
    return (input_gate * np.tanh(rows[:, :n]) + forget_gate * previous).reshape(batch, n * m)


@pytest.mark.parametrize("num_blocks", [1, 2])
def test_step_matches_numpy(num_blocks):
    cell = RelationalMemoryCell(mem_slots=2, num_heads=2, head_size=3, num_blocks=num_blocks)
    cell.build((None, 5))
    rng = np.random.default_rng(0)
    for block in range(num_blocks):
        for name in ("qkv_norm", "attention_norm", "mlp_norm"):
            layer = getattr(cell, f"{name}_{block}")
            layer.gamma.assign(rng.normal(size=layer.gamma.shape).astype("float32"))
            layer.beta.assign(rng.normal(size=layer.beta.shape).astype("float32"))
    x = rng.normal(size=(4, 5)).astype("float32")
    memory = rng.normal(size=(4, 12)).astype("float32")
    output, (state,) = cell(x, [memory])
    expected = _numpy_step(cell, x.astype("float64"), memory.astype("float64"))
    np.testing.assert_allclose(output, expected, atol=1e-5)
    np.testing.assert_array_equal(output, state)


def test_initial_state_is_the_padded_identity():
    cell = RelationalMemoryCell(mem_slots=2, num_heads=1, head_size=3)
    (state,) = cell.get_initial_state(batch_size=2)
    expected = np.array([[1, 0, 0, 0, 1, 0]] * 2, "float32")
    np.testing.assert_array_equal(state, expected)


def test_rnn_starts_from_the_identity_memory():
    cell = RelationalMemoryCell(mem_slots=1, num_heads=2, head_size=2)
    rnn = keras.layers.RNN(cell, return_sequences=True)
    x = np.random.default_rng(1).normal(size=(2, 3, 4)).astype("float32")
    outputs = rnn(x)  # (2, 3, 4)
    first, _ = cell(x[:, 0], cell.get_initial_state(2))
    np.testing.assert_allclose(outputs[:, 0], first, atol=1e-6)


def test_layer_harness():
    run_layer_test(
        keras.layers.RNN,
        lambda: {"cell": RelationalMemoryCell(1, 2, 3), "return_sequences": True},
        np.random.default_rng(2).normal(size=(2, 4, 5)),
        (2, 4, 6),
        atol=1e-5,
    )
