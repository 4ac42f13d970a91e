"""Where an MLE training step (batch 64, length 20, vocabulary 5000) spends its time.

    python benchmarks/mle_step.py [--repeats 7]

Times, with XLA as MLE pretraining runs, per batch of 64 sequences (median of `--repeats`
rounds of 20 calls after a warm-up):

1. the whole forward and backward pass of `LSTMGenerator` with the sparse cross-entropy;
2. the LSTM part alone (embedding and the 20 recurrent steps, forward and backward);
3. the vocabulary projection with the softmax cross-entropy alone, forward and backward;
4. the projection's three matrix products alone (forward, and the two gradient products);
5. a Keras `fit` step (`steps_per_execution` 8, with Adam and the global-norm clip),
   from an epoch of 156 batches.

Rows 1-4 split the step; 5 minus 1 is the optimizer and Keras' per-step work.
"""

import statistics

import keras
import numpy as np
import tensorflow as tf
from absl import app, flags
from timing import per_call_ms, timings

from tf_hebbgan.data import mle_dataset
from tf_hebbgan.models import LSTMGenerator
from tf_hebbgan.trainers import compile_for_mle

FLAGS = flags.FLAGS

B, T, V, H = 64, 20, 5000, 32


def main(argv):
    del argv
    keras.utils.set_random_seed(0)
    generator = LSTMGenerator(V, H, H, T)
    generator.build()
    tokens = tf.constant(np.random.default_rng(0).integers(0, V, (B, T)), tf.int32)
    hidden = tf.random.normal((B, T, H))
    upstream = tf.random.normal((B * T, V))
    cross_entropy = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

    def whole():
        with tf.GradientTape() as tape:
            loss = cross_entropy(tokens, generator(tokens, training=True))
        return tape.gradient(loss, generator.trainable_variables)

    def lstm():
        variables = generator.lstm.trainable_variables + generator.embedding.trainable_variables
        with tf.GradientTape() as tape:
            inputs = tf.concat([tf.zeros([B, 1], tf.int32), tokens[:, :-1]], axis=1)
            loss = tf.reduce_sum(generator.lstm(generator.embedding(inputs)))
        return tape.gradient(loss, variables)

    def projection():
        variables = generator.output_layer.trainable_variables
        with tf.GradientTape() as tape:
            loss = cross_entropy(tokens, generator.output_layer(hidden))
        return tape.gradient(loss, variables)

    def products():
        rows = tf.reshape(hidden, (B * T, H))
        kernel = generator.output_layer.kernel
        return (
            tf.matmul(rows, kernel),
            tf.matmul(rows, upstream, transpose_a=True),
            tf.matmul(upstream, kernel, transpose_b=True),
        )

    parts = {"whole forward + backward": whole, "LSTM part": lstm}
    parts["projection + softmax cross-entropy"] = projection
    parts["projection's 3 matrix products"] = products
    flops = {"projection's 3 matrix products": 3 * 2 * B * T * H * V}
    for name, fn in parts.items():
        ms = per_call_ms(tf.function(fn, jit_compile=True), FLAGS.repeats)
        rate = f"  ({flops[name] / ms / 1e6:.0f} GFLOP/s)" if name in flops else ""
        print(f"{name:36s} {ms:7.2f} ms per batch{rate}")

    data = np.random.default_rng(1).integers(0, V, (156 * B, T)).astype("int32")
    dataset = mle_dataset(data, B, V, seed=0)
    compile_for_mle(generator, jit_compile=True, steps_per_execution=8)
    epochs = timings(lambda: generator.fit(dataset, epochs=1, verbose=0), 3)
    print(f"{'Keras fit step (epoch / 156)':36s} {statistics.median(epochs) / 156 * 1000:7.2f} ms")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("repeats", 7, "Timed rounds of 20 calls per part.")
    app.run(main)
