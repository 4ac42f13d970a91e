"""Discriminator training throughput with and without XLA (the paper-size CNN discriminator).

    python benchmarks/discriminator_jit.py [--sequences 2560] [--repeats 3]

Prints sequences per second (best and median of `--repeats` epochs after a warm-up epoch)
for `jit_compile=False` and `True`, twice each in alternation to expose machine noise.
"""

import statistics

import keras
from absl import app, flags
from timing import timings
from workloads import compiled_discriminator, random_sequences

FLAGS = flags.FLAGS


def main(argv):
    del argv
    x, y = random_sequences(FLAGS.sequences)
    for jit_compile in (False, True, False, True):
        discriminator = compiled_discriminator(keras.optimizers.Adam(1e-4), jit_compile)
        # The warm-up epoch absorbs tracing and compilation.
        times = timings(
            lambda d=discriminator: d.fit(x, y, batch_size=64, epochs=1, verbose=0), FLAGS.repeats
        )
        print(
            f"discriminator training, jit_compile={jit_compile!s:5}: "
            f"{FLAGS.sequences / min(times):.0f} seq/s best, "
            f"{FLAGS.sequences / statistics.median(times):.0f} median"
        )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("sequences", 2560, "Sequences per timed epoch.")
    flags.DEFINE_integer("repeats", 3, "Timed epochs per setting.")
    app.run(main)
