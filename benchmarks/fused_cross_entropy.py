"""MLE's vocabulary projection and softmax cross-entropy, whole or in row chunks, with XLA.

    python benchmarks/fused_cross_entropy.py [--chunks 64,128,256] [--repeats 7]

An MLE step of a batch of 64 x 20 tokens spends most of its time in one projection of the
hidden states `(N, H)` onto the vocabulary `(H, V)` and the cross-entropy of the `(N, V)`
logits, forward and backward: passes over 1280 x 5000 floats, more than the L2 cache holds.
The chunked form computes, `C` rows at a time inside one XLA program, the logits, their
log-sum-exp, and at once their gradient (`softmax - one_hot`) and its two products, so
the logits of a chunk are made and used while in cache and the `(N, V)` logits never exist
(the "fused linear cross-entropy" of large language models). Both give one loss and three
gradients (hidden states, kernel, bias); the script checks they agree, then times each
(median of `--repeats` rounds of 20 calls, the forms interleaved so that both see the same
machine state) at SeqGAN's width (H = 32) and the relational generator's (H = 512), and
prints the ratio.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from absl import app, flags  # noqa: E402
from ceilings import cpu_description  # noqa: E402
from timing import interleaved_ms, print_against  # noqa: E402

FLAGS = flags.FLAGS

N, V = 64 * 20, 5000  # A batch of 64 sequences of 20 tokens; SeqGAN's vocabulary.


def whole_cross_entropy(hidden, kernel, bias, labels):
    """Mean cross-entropy of `softmax(hidden @ kernel + bias)`, the logits `(N, V)` whole."""
    logits = hidden @ kernel + bias  # (N, V)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits))


def chunked_cross_entropy(hidden, kernel, bias, labels, chunk):
    """`whole_cross_entropy`, `chunk` rows at a time, its gradient made in the same pass."""
    rows, width = hidden.shape
    chunks = rows // chunk

    @tf.custom_gradient
    def loss(hidden, kernel, bias):
        hidden_chunks = tf.reshape(hidden, [chunks, chunk, width])  # (K, C, H)
        label_chunks = tf.reshape(labels, [chunks, chunk])  # (K, C)

        def body(index, total, hidden_grads, kernel_grad, bias_grad):
            logits = hidden_chunks[index] @ kernel + bias  # (C, V)
            picked = tf.gather(logits, label_chunks[index], batch_dims=1)  # (C,)
            total += tf.reduce_sum(tf.reduce_logsumexp(logits, axis=-1) - picked)
            delta = tf.nn.softmax(logits) - tf.one_hot(label_chunks[index], V)  # (C, V)
            hidden_grads = hidden_grads.write(index, delta @ tf.transpose(kernel))  # (C, H)
            kernel_grad += tf.transpose(hidden_chunks[index]) @ delta  # (H, V)
            return index + 1, total, hidden_grads, kernel_grad, bias_grad + tf.reduce_sum(delta, 0)

        start = (0, 0.0, tf.TensorArray(tf.float32, chunks), tf.zeros_like(kernel))
        _, total, hidden_grads, kernel_grad, bias_grad = tf.while_loop(
            lambda index, *_: index < chunks, body, (*start, tf.zeros_like(bias))
        )
        hidden_grad = tf.reshape(hidden_grads.stack(), [rows, width])  # (N, H)

        def gradient(upstream):
            scale = upstream / rows
            return scale * hidden_grad, scale * kernel_grad, scale * bias_grad

        return total / rows, gradient

    return loss(hidden, kernel, bias)


def step(loss_fn, hidden, kernel, bias):
    """An XLA-compiled forward and backward pass of `loss_fn`: the loss and three gradients."""

    @tf.function(jit_compile=True)
    def run():
        with tf.GradientTape() as tape:
            tape.watch([hidden, kernel, bias])
            loss = loss_fn(hidden, kernel, bias)
        return [loss, *tape.gradient(loss, [hidden, kernel, bias])]

    return run


def main(argv):
    del argv
    print(f"CPU: {cpu_description()}; TensorFlow {tf.__version__}")
    rng = np.random.default_rng(0)
    labels = tf.constant(rng.integers(0, V, N), tf.int32)
    for width in [int(w) for w in FLAGS.widths]:
        hidden = tf.constant(rng.normal(size=(N, width)), tf.float32)
        kernel = tf.constant(rng.normal(size=(width, V)) / np.sqrt(width), tf.float32)
        bias = tf.constant(rng.normal(size=V) * 0.1, tf.float32)
        forms = {
            "whole": step(
                lambda h, k, b: whole_cross_entropy(h, k, b, labels), hidden, kernel, bias
            )
        }
        for chunk in [int(c) for c in FLAGS.chunks]:
            forms[f"chunks of {chunk}"] = step(
                lambda h, k, b, c=chunk: chunked_cross_entropy(h, k, b, labels, c),
                hidden,
                kernel,
                bias,
            )
        reference = [output.numpy() for output in forms["whole"]()]
        for name, form in forms.items():
            for expected, output in zip(reference, form(), strict=True):
                np.testing.assert_allclose(
                    output.numpy(), expected, rtol=1e-4, atol=1e-6, err_msg=name
                )
        times = interleaved_ms(forms, FLAGS.repeats)
        print(f"H = {width}: projection {N} x {width} x {V}, forward and backward, with XLA")
        print_against(times, "whole", width=15)


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_list("chunks", ["64", "128", "256"], "Rows per chunk of the chunked form.")
    flags.DEFINE_list("widths", ["32", "512"], "Hidden widths H (SeqGAN's LSTM, RelGAN's memory).")
    flags.DEFINE_integer("repeats", 7, "Timed rounds of 20 calls per form.")
    app.run(main)
