"""LeakGAN's teacher-forced pass: the leak streamed token by token, or every prefix batched.

    python benchmarks/leakgan_teacher_forcing.py [--repeats 5] [--jit both]

The MLE step of LeakGAN's generator and its adversarial policy update read the leaked
features `f_t` of every prefix of known sequences. Stepping the cell streams the leak one
token at a time: a product with the stacked kernels and the 1,720-wide highway on 64 rows per
step, inside the recurrent loop (and, in the backward pass, through it). The batched form
(`LeakGANGenerator.hierarchy`) computes every prefix's features in one pass of convolutions,
a running max and one highway on 64 x 20 rows, outside the gradient, and steps only the
manager and the worker. Both give one loss (cross-entropy plus the manager's goal loss) and
one gradient; the script checks they agree, then times a forward and backward pass of each
at LeakGAN's sizes (vocabulary 5,000, length 20, batch 64, SeqGAN's discriminator), the
forms interleaved so that both see the same machine state, and prints the ratio.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from absl import app, flags  # noqa: E402
from ceilings import cpu_description  # noqa: E402
from timing import interleaved_ms, print_against  # noqa: E402

from tf_hebbgan.losses.leakgan import manager_cosines  # noqa: E402
from tf_hebbgan.models import LeakGANGenerator  # noqa: E402

FLAGS = flags.FLAGS

BATCH, LENGTH, VOCAB, HORIZON = 64, 20, 5000, 4


def streamed(generator, tokens):
    """The logits, features and goals of `tokens` by stepping the cell (the leak streamed)."""
    start = tf.fill([tf.shape(tokens)[0], 1], generator.start_token)
    inputs = tf.concat([start, tokens[:, :-1]], axis=1)  # (B, T)
    outputs = generator.lstm(generator.embedding(inputs), training=True)  # (B, T, out)
    _, _, features, goals = generator.cell.split_output(outputs)  # (B, T, F) each
    return generator._logits(outputs), features, goals


def batched(generator, tokens):
    """The same by `hierarchy`: every prefix's features in one batched pass."""
    return generator.hierarchy(tokens, training=True)


def step(form, generator, tokens, jit):
    """A forward and backward pass of the MLE losses: the loss, then every gradient."""
    weights = generator.trainable_weights

    @tf.function(jit_compile=jit)
    def run():
        with tf.GradientTape() as tape:
            logits, features, goals = form(generator, tokens)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, logits))
            loss -= tf.reduce_mean(manager_cosines(features, goals, HORIZON))
        gradients = tape.gradient(loss, weights)
        return [loss, *(tf.convert_to_tensor(gradient) for gradient in gradients)]

    return run


def main(argv):
    del argv
    print(f"CPU: {cpu_description()}; TensorFlow {tf.__version__}")
    keras.utils.set_random_seed(0)
    generator = LeakGANGenerator(VOCAB, sequence_length=LENGTH, horizon=HORIZON, seed=0)
    generator.build()
    for weight in generator.cell.leak.weights:  # A discriminator's weights, not zeros.
        weight.assign(tf.random.normal(weight.shape, stddev=0.05))
    tokens = tf.constant(
        np.random.default_rng(0).integers(0, VOCAB, (BATCH, LENGTH)), tf.int32
    )  # (B, T)
    jits = {"off": [False], "on": [True], "both": [False, True]}[FLAGS.jit]
    for jit in jits:
        forms = {
            "streamed": step(streamed, generator, tokens, jit),
            "batched": step(batched, generator, tokens, jit),
        }
        reference = [output.numpy() for output in forms["streamed"]()]
        for expected, output in zip(reference, forms["batched"](), strict=True):
            np.testing.assert_allclose(output.numpy(), expected, rtol=1e-3, atol=1e-5)
        times = interleaved_ms(forms, FLAGS.repeats, FLAGS.calls)
        print(f"XLA {'on' if jit else 'off'}: a batch of {BATCH} x {LENGTH}, forward and backward")
        print_against(times, "streamed")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("repeats", 5, "Timed rounds per form.")
    flags.DEFINE_integer("calls", 5, "Calls per timed round.")
    flags.DEFINE_enum("jit", "both", ["off", "on", "both"], "XLA for the pass.")
    app.run(main)
