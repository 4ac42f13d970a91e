"""The Gumbel-softmax step at RelGAN's shape: ours against TFP's RelaxedOneHotCategorical.

    python benchmarks/gumbel.py [--repeats 20]

Both draw a relaxed one-hot `(64, 5000)` and its hard token (TFP's as the argmax of its sample)
inside one `tf.function`, 20 steps a call as the generator does.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tensorflow as tf  # noqa: E402
import tensorflow_probability as tfp  # noqa: E402
from absl import app, flags  # noqa: E402

from tf_hebbgan.samplers.gumbel import relaxed_step  # noqa: E402

FLAGS = flags.FLAGS
B, V, T = 64, 5000, 20


def ours(logits):
    total = 0.0
    for t in range(T):
        tokens, soft = relaxed_step(logits, 0.5, tf.constant([t, 0]))
        total += tf.reduce_sum(soft) + tf.cast(tf.reduce_sum(tokens), tf.float32)
    return total


def theirs(logits):
    total = 0.0
    for t in range(T):
        soft = tfp.distributions.RelaxedOneHotCategorical(0.5, logits=logits).sample(
            seed=tf.constant([t, 0])
        )
        tokens = tf.argmax(soft, axis=-1, output_type=tf.int32)
        total += tf.reduce_sum(soft) + tf.cast(tf.reduce_sum(tokens), tf.float32)
    return total


def median_ms(function, logits):
    function(logits)
    times = []
    for _ in range(FLAGS.repeats):
        start = time.perf_counter()
        function(logits).numpy()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times) / T


def main(argv):
    del argv
    logits = tf.random.normal([B, V])
    mine, tfps = median_ms(tf.function(ours), logits), median_ms(tf.function(theirs), logits)
    print(f"one step at ({B}, {V}): ours {mine:.2f} ms, TFP {tfps:.2f} ms ({tfps / mine:.2f}x)")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("repeats", 20, "Timed calls (the median is printed).")
    app.run(main)
