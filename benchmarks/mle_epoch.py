"""Times one MLE epoch (10,000 oracle sequences, batch 64) with and without XLA, with several
of Keras' `steps_per_execution`, with the LSTM's 20 steps looped or unrolled, and with the
vocabulary projection in float32 or bfloat16 (`LSTMGenerator(dtype="mixed_bfloat16")`).

    python benchmarks/mle_epoch.py [--repeats 5] [--steps_per_execution 1,8,32] [--jit both] \
        [--unroll both] [--precision float32,mixed_bfloat16]

Prints, per setting, the median wall time of `--repeats` epochs after one warm-up epoch. The
settings alternate round by round, so a slow spell of this shared machine hits all of them.
"""

import statistics

import keras
from absl import app, flags
from timing import timings

from tf_hebbgan.data import mle_dataset, oracle_splits
from tf_hebbgan.models import LSTMGenerator, OracleLSTM
from tf_hebbgan.trainers import compile_for_mle

FLAGS = flags.FLAGS


def main(argv):
    del argv
    oracle = OracleLSTM.seqgan()
    tokens, _ = oracle_splits(oracle, 10000, 1, seed=0)
    dataset = mle_dataset(tokens, 64, oracle.vocabulary_size, seed=0)
    choices = {"both": (False, True), "on": (True,), "off": (False,)}
    generators = {}
    for jit_compile in choices[FLAGS.jit]:
        for steps in FLAGS.steps_per_execution:
            for unroll in choices[FLAGS.unroll]:
                for precision in FLAGS.precision:
                    keras.utils.set_random_seed(0)
                    generator = LSTMGenerator(dtype=precision)
                    generator.lstm.unroll = unroll  # Read when the step is traced.
                    compile_for_mle(
                        generator, jit_compile=jit_compile, steps_per_execution=int(steps)
                    )
                    generator.fit(dataset, epochs=1, verbose=0)  # Warm-up: tracing, compilation.
                    generators[(jit_compile, int(steps), unroll, precision)] = generator
    times = {setting: [] for setting in generators}
    for _ in range(FLAGS.repeats):
        for setting, generator in generators.items():
            times[setting] += timings(
                lambda g=generator: g.fit(dataset, epochs=1, verbose=0), 1, warmup=0
            )
    for (jit_compile, steps, unroll, precision), seconds in times.items():
        print(
            f"MLE epoch, jit_compile={jit_compile!s:5} steps_per_execution={steps:3d} "
            f"unroll={unroll!s:5} {precision}: "
            f"median {statistics.median(seconds):.2f} s "
            f"(min {min(seconds):.2f}, max {max(seconds):.2f}, {FLAGS.repeats} epochs)"
        )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("repeats", 5, "Timed epochs per setting.")
    flags.DEFINE_list("steps_per_execution", ["1"], "Keras steps_per_execution values to time.")
    flags.DEFINE_enum("jit", "both", ["both", "on", "off"], "jit_compile settings to time.")
    flags.DEFINE_enum(
        "unroll", "off", ["both", "on", "off"], "Unrolled LSTM loop settings to time."
    )
    flags.DEFINE_list("precision", ["float32"], "Generator dtype policies to time.")
    app.run(main)
