"""Where the slow epochs went: a tf.data iterator's deletion, with and without autotuning.

    python benchmarks/iterator_teardown.py [--epochs 14] [--sequences 1984]

Trains the paper-size `CNNDiscriminator` by a hand loop over a tf.data dataset (no `fit`),
one iterator per epoch, and times the loop and the iterator's deletion apart: first with
tf.data's autotuning on (TensorFlow's default), then off (the library's default,
`tf_hebbgan.data.set_data_autotune`). Also prints the CPU time the process used in each
epoch against its wall time: a wait shows as wall time without CPU time.
"""

import time

import numpy as np
import tensorflow as tf
from absl import app, flags
from workloads import compiled_discriminator, random_sequences, training_step

from tf_hebbgan.optimizers import FusedAdam

FLAGS = flags.FLAGS


def main(argv):
    del argv
    step = training_step(compiled_discriminator(FusedAdam(1e-4)))

    for autotune in (True, False):
        options = tf.data.Options()
        options.autotune.enabled = autotune
        dataset = tf.data.Dataset.from_tensor_slices(random_sequences(FLAGS.sequences))
        dataset = dataset.batch(64).with_options(options)
        for tokens, labels in dataset:  # Traces the step.
            step(tokens, labels)
        print(f"autotune {'on' if autotune else 'off'}:")
        deletions = []
        for epoch in range(FLAGS.epochs):
            wall, cpu = time.perf_counter(), time.process_time()
            iterator = iter(dataset)
            for tokens, labels in iterator:
                step(tokens, labels).numpy()
            looped = time.perf_counter()
            del iterator
            deleted = time.perf_counter()
            deletions.append(deleted - looped)
            print(
                f"  epoch {epoch:2d}: loop {looped - wall:.3f} s, deletion "
                f"{deleted - looped:.3f} s, CPU {time.process_time() - cpu:.2f} s of "
                f"{deleted - wall:.2f} s wall"
            )
        slow = [seconds for seconds in deletions if seconds > 0.1]
        print(
            f"  {len(slow)} of {len(deletions)} deletions over 0.1 s"
            + (f" ({min(slow):.2f}-{max(slow):.2f} s)" if slow else "")
            + f"; mean {np.mean(deletions):.3f} s"
        )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("epochs", 14, "Timed epochs per setting.")
    flags.DEFINE_integer("sequences", 1984, "Sequences per epoch.")
    app.run(main)
