"""Shows the speed states of this machine: one discriminator epoch after another.

    python benchmarks/machine_states.py [--epochs 12] [--sequences 1984] [--data_autotune]

Trains the paper-size `CNNDiscriminator` (FusedAdam, batch 64) for `--epochs` short epochs
in one process and prints each epoch's sequences/s, then a histogram-like summary. On a
machine whose two threads sometimes get one core's worth of time, the rates fall into two
groups rather than spreading around one value; any single timing then says which state the
machine was in as much as how fast the code is.
"""

import numpy as np
import tensorflow as tf
from absl import app, flags
from timing import timings
from workloads import compiled_discriminator, random_sequences

from tf_hebbgan.data import finished, set_data_autotune
from tf_hebbgan.optimizers import FusedAdam

FLAGS = flags.FLAGS


def main(argv):
    del argv
    set_data_autotune(FLAGS.data_autotune)
    dataset = finished(
        tf.data.Dataset.from_tensor_slices(random_sequences(FLAGS.sequences)).batch(64)
    )
    discriminator = compiled_discriminator(FusedAdam(1e-4))
    # The warm-up epoch absorbs tracing.
    seconds = timings(lambda: discriminator.fit(dataset, epochs=1, verbose=0), FLAGS.epochs)
    rates = [FLAGS.sequences / epoch_seconds for epoch_seconds in seconds]
    for epoch, rate in enumerate(rates):
        print(f"epoch {epoch:2d}: {rate:6.0f} sequences/s")
    rates = np.sort(rates)
    gaps = np.diff(rates)
    split = int(np.argmax(gaps)) + 1 if len(rates) > 1 else len(rates)
    low, high = rates[:split], rates[split:]
    print(f"slowest {rates[0]:.0f}, fastest {rates[-1]:.0f} sequences/s")
    if len(high) and gaps[split - 1] > 0.1 * rates[-1]:
        print(
            f"two groups: {len(low)} epochs at {low.min():.0f}-{low.max():.0f}, "
            f"{len(high)} at {high.min():.0f}-{high.max():.0f} sequences/s"
        )
    else:
        print("one group: no gap wider than 10 % of the fastest rate")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("epochs", 12, "Timed epochs.")
    flags.DEFINE_bool("data_autotune", False, "tf.data's autotuning on, as before the fix.")
    flags.DEFINE_integer("sequences", 1984, "Sequences per epoch.")
    app.run(main)
