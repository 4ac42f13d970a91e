"""Discriminator training throughput with and without XLA (the paper-size CNN discriminator).

    python benchmarks/discriminator_jit.py [--sequences 2560] [--repeats 3]

Prints sequences per second (best and median of `--repeats` epochs after a warm-up epoch)
for `jit_compile=False` and `True`, twice each in alternation to expose machine noise.
"""

import statistics

import keras
import numpy as np
from absl import app, flags
from timing import timings

from tf_hebbgan.models import CNNDiscriminator

flags.DEFINE_integer("sequences", 2560, "Sequences per timed epoch.")
flags.DEFINE_integer("repeats", 3, "Timed epochs per setting.")
FLAGS = flags.FLAGS


def main(argv):
    del argv
    rng = np.random.default_rng(0)
    x = rng.integers(0, 5000, (FLAGS.sequences, 20)).astype("int32")
    y = rng.integers(0, 2, FLAGS.sequences).astype("int32")
    for jit_compile in (False, True, False, True):
        keras.utils.set_random_seed(0)
        discriminator = CNNDiscriminator()
        discriminator.build()
        discriminator.compile(
            keras.optimizers.Adam(1e-4),
            keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            jit_compile=jit_compile,
        )
        # The warm-up epoch absorbs tracing and compilation.
        times = timings(
            lambda d=discriminator: d.fit(x, y, batch_size=64, epochs=1, verbose=0), FLAGS.repeats
        )
        print(
            f"discriminator training, jit_compile={jit_compile!s:5}: "
            f"{FLAGS.sequences / min(times):.0f} seq/s best, "
            f"{FLAGS.sequences / statistics.median(times):.0f} median"
        )


if __name__ == "__main__":
    app.run(main)
