"""Times one MLE epoch (10,000 oracle sequences, batch 64) with and without XLA.

    python benchmarks/mle_epoch.py [--repeats 5]

Prints, per setting, the median wall time of `--repeats` epochs after one warm-up epoch.
"""

import statistics

import keras
from absl import app, flags
from timing import timings

from tf_hebbgan.data import mle_dataset, oracle_splits
from tf_hebbgan.models import LSTMGenerator, OracleLSTM
from tf_hebbgan.trainers import compile_for_mle

flags.DEFINE_integer("repeats", 5, "Timed epochs per setting.")
FLAGS = flags.FLAGS


def main(argv):
    del argv
    oracle = OracleLSTM.seqgan()
    tokens, _ = oracle_splits(oracle, 10000, 1, seed=0)
    dataset = mle_dataset(tokens, 64, oracle.vocabulary_size, seed=0)
    for jit_compile in (False, True):
        keras.utils.set_random_seed(0)
        generator = LSTMGenerator()
        compile_for_mle(generator, jit_compile=jit_compile)
        # The warm-up epoch absorbs tracing and compilation.
        times = timings(lambda g=generator: g.fit(dataset, epochs=1, verbose=0), FLAGS.repeats)
        print(
            f"MLE epoch, jit_compile={jit_compile!s:5}: median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}, {FLAGS.repeats} epochs)"
        )


if __name__ == "__main__":
    app.run(main)
