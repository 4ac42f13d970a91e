"""The SeqGAN rows under TensorFlow's thread and oneDNN settings, each in a fresh process.

    python benchmarks/thread_settings.py [--rounds 2] [--repeats 3]

Thread pools are fixed when TensorFlow starts, so every setting runs in a process of its own
(this script calling itself with `--setting NAME`); the settings alternate round by round, so
a slow spell of the machine hits them all. Per setting and row: the median of the rounds'
medians, and the default's time over the setting's (above 1: faster than the default).
Settings: TensorFlow's defaults (intra- and inter-op pools of the core count), one inter-op
thread, one thread each, and oneDNN off (`TF_ENABLE_ONEDNN_OPTS=0`, Eigen's kernels).

Rows: an MLE epoch (10,000 sequences, XLA, the recipes' steps_per_execution), sampling
10,000, the rollout rewards of one generator step, and a discriminator epoch over 5,056
sequences (one call into the graph, as the rounds run it).
"""

import json
import os
import statistics
import subprocess
import sys

from absl import app, flags

FLAGS = flags.FLAGS

SETTINGS = {
    "default": {},
    "inter-op 1": {"TF_NUM_INTEROP_THREADS": "1"},
    "intra 1, inter 1": {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"},
    "oneDNN off": {"TF_ENABLE_ONEDNN_OPTS": "0"},
}


def time_rows():
    """`{row: median seconds}` in this process."""
    import keras
    import numpy as np
    import tensorflow as tf
    from timing import timings
    from workloads import compiled_discriminator, random_sequences

    from tf_hebbgan.data import finished, mle_dataset
    from tf_hebbgan.models import LSTMGenerator
    from tf_hebbgan.optimizers import FusedAdam
    from tf_hebbgan.samplers import rollout_rewards
    from tf_hebbgan.trainers import compile_for_mle
    from tf_hebbgan.trainers.mle import steps_per_execution

    def median(fn):
        return statistics.median(timings(fn, FLAGS.repeats))

    rng = np.random.default_rng(0)
    keras.utils.set_random_seed(0)
    generator = LSTMGenerator(5000, 32, 32, 20, seed=0)
    tokens = rng.integers(1, 5000, (156 * 64, 20)).astype("int32")
    compile_for_mle(generator, jit_compile=True, steps_per_execution=steps_per_execution(156, 6))
    dataset = mle_dataset(tokens, 64, 5000, seed=0)
    discriminator = compiled_discriminator(FusedAdam(1e-4), steps_per_execution=79)
    d_dataset = finished(tf.data.Dataset.from_tensor_slices(random_sequences(5056)).batch(64))
    samples = generator.sample(64, seed=1)
    rewards = tf.function(
        lambda s, seed: rollout_rewards(generator, s, discriminator.probability_real, 16, seed)
    )
    return {
        "MLE epoch, s": median(lambda: generator.fit(dataset, epochs=1, verbose=0)),
        "sample 10,000, s": median(lambda: generator.sample(10000, seed=1)),
        "rollout rewards, s": median(lambda: rewards(samples, tf.constant([0, 1])).numpy()),
        "discriminator epoch (5,056), s": median(
            lambda: discriminator.fit(d_dataset, epochs=1, verbose=0)
        ),
    }


def run_setting(name):
    environment = dict(os.environ, **SETTINGS[name])
    result = subprocess.run(
        [sys.executable, os.path.abspath(__file__), f"--setting={name}"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv):
    del argv
    if FLAGS.setting:
        print(json.dumps(time_rows()))
        return
    print(f"cores {os.cpu_count()}; {FLAGS.rounds} rounds, median of {FLAGS.repeats} per row")
    figures = {name: [] for name in SETTINGS}
    for _ in range(FLAGS.rounds):
        for name in SETTINGS:
            figures[name].append(run_setting(name))
    rows = list(figures["default"][0])
    medians = {
        name: {row: statistics.median(run[row] for run in runs) for row in rows}
        for name, runs in figures.items()
    }
    print(f"  {'setting':18s}" + "".join(f"{row:>32s}" for row in rows))
    for name, values in medians.items():
        cells = "".join(
            f"{values[row]:>22.3f} ({medians['default'][row] / values[row]:4.2f}x)" for row in rows
        )
        print(f"  {name:18s}{cells}")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("rounds", 2, "Rounds over all settings.")
    flags.DEFINE_integer("repeats", 3, "Timed calls per row in a process (the median is kept).")
    flags.DEFINE_string("setting", "", "Internal: time the rows in this process under SETTING.")
    app.run(main)
