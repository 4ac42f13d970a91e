"""The chunked cross-entropy of the benchmark: the whole form's loss and gradients."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import fused_cross_entropy as fused  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def test_chunks_give_the_whole_loss_and_gradients():
    rng = np.random.default_rng(0)
    hidden = tf.constant(rng.normal(size=(fused.N, 4)), tf.float32)
    kernel = tf.constant(rng.normal(size=(4, fused.V)) * 0.5, tf.float32)
    bias = tf.constant(rng.normal(size=fused.V) * 0.1, tf.float32)
    labels = tf.constant(rng.integers(0, fused.V, fused.N), tf.int32)
    whole = fused.step(
        lambda h, k, b: fused.whole_cross_entropy(h, k, b, labels), hidden, kernel, bias
    )
    chunked = fused.step(
        lambda h, k, b: fused.chunked_cross_entropy(h, k, b, labels, 256), hidden, kernel, bias
    )
    expected, outputs = whole(), chunked()
    for a, b in zip(expected, outputs, strict=True):
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-4, atol=1e-7)
    assert np.abs(outputs[1].numpy()).max() > 0  # A gradient of the hidden states flowed.
