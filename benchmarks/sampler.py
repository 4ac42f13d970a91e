"""The categorical draw over V = 5000: TensorFlow's sampler against `samplers.categorical`.

    python benchmarks/sampler.py [--rows 64,1024,2000,10240] [--repeats 5]

For each batch of rows, the median time (ms) of one draw inside a `tf.function`, for
`tf.random.stateless_categorical`, for `tf_hebbgan.samplers.categorical` without XLA and with
`jit_compile=True`, and the exp floor of the softmax (rows x V exps at the rate measured in
the same run).
"""

import statistics

import tensorflow as tf
from absl import app, flags
from timing import timings

from tf_hebbgan.samplers import categorical

FLAGS = flags.FLAGS

V = 5000


def median_ms(fn, *args):
    return 1e3 * statistics.median(timings(lambda: fn(*args).numpy(), FLAGS.repeats))


def main(argv):
    del argv
    big = tf.random.normal((1280, 50000))
    exp_rate = big.shape.num_elements() / (
        median_ms(tf.function(lambda x: tf.reduce_sum(tf.exp(x))), big) / 1e3
    )
    print(f"exp ceiling {exp_rate / 1e9:.2f} G/s")
    samplers = {
        "tf.random.stateless_categorical": tf.function(
            lambda x, s: tf.random.stateless_categorical(x, 1, s, dtype=tf.int32)[:, 0]
        ),
        "samplers.categorical": tf.function(lambda x, s: categorical(x, s)),
        "samplers.categorical, XLA": tf.function(lambda x, s: categorical(x, s), jit_compile=True),
    }
    print(f"{'rows':>6s} " + " ".join(f"{name:>34s}" for name in samplers) + f" {'exp floor':>10s}")
    for rows in map(int, FLAGS.rows):
        logits = 3.0 * tf.random.normal((rows, V))
        seed = tf.constant([1, 2])
        figures = [median_ms(fn, logits, seed) for fn in samplers.values()]
        floor = 1e3 * rows * V / exp_rate
        print(
            f"{rows:6d} "
            + " ".join(f"{figure:31.2f} ms" for figure in figures)
            + f" {floor:7.2f} ms"
        )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_list("rows", ["64", "1024", "2000", "10240"], "Batch sizes.")
    flags.DEFINE_integer("repeats", 5, "Timed calls per setting (after a warm-up call).")
    app.run(main)
