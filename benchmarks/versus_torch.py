"""SeqGAN's rows timed against a PyTorch reference in the same window, several runs apart.

    pip install ".[bench]"
    python benchmarks/versus_torch.py [--runs 5] [--spacing_minutes 12] [--quick] [--repeats 5] \
        [--precision float32]

For every row, ours (the library's classes with the recipes' settings; `--precision` sets our
discriminator's as the config field does, `auto` by default as in the library) is timed and
then at once the PyTorch reference (`torch_reference.py`, the same steps at the same sizes),
so that each ratio is taken at one machine state; a run is every row once, and `--runs` runs
start `--spacing_minutes` apart. Each figure is the median of `--repeats` calls after a
warm-up. The last table gives, per row, the ratio (theirs / ours: how many times faster we
are) and our figure over the runs, min / median / max, and our spread (max / min - 1).
`--quick` times a tenth of the sampling and discriminator work and scales it (it says so).

Rows: an MLE epoch over 10,000 sequences; sampling 10,000; the rollout rewards of one
generator step (16 rollouts); discriminator training (one epoch over 20,000 sequences, as
sequences/s); the adversarial epoch composed of one generator step and 5 rounds of 10,000
samples and 3 discriminator epochs over 20,000.
"""

import statistics
import time

import numpy as np
import tensorflow as tf
import torch
import torch_reference as reference
from absl import app, flags
from ceilings import cpu_description
from timing import timings

from tf_hebbgan.data import finished, mle_dataset, set_data_autotune
from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator
from tf_hebbgan.precision import resolve_precision
from tf_hebbgan.samplers import rollout_rewards
from tf_hebbgan.trainers import compile_for_mle
from tf_hebbgan.trainers.mle import steps_per_execution
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

FLAGS = flags.FLAGS

V, T, B, N = reference.V, reference.T, reference.B, reference.N
MLE_SEQUENCES, SAMPLES, D_SEQUENCES = 156 * B, 10000, 20000


def median_seconds(fn):
    return statistics.median(timings(fn, FLAGS.repeats))


class Ours:
    """The library's generator, rollout network, discriminator and trainer; the
    discriminator's `precision` is `"float32"` or `"mixed_bfloat16"` (a resolved one)."""

    def __init__(self, seed=0, precision="float32"):
        tf.keras.utils.set_random_seed(seed)
        self.generator = LSTMGenerator(V, 32, 32, T, seed=seed)
        self.rollout = LSTMGenerator.from_config(self.generator.get_config())
        self.rollout.set_weights(self.generator.get_weights())
        self.discriminator = CNNDiscriminator(V, T, dtype=precision)
        self.trainer = SeqGANTrainer(
            self.generator, self.rollout, self.discriminator, batch_size=B, num_rollouts=N
        )
        steps = MLE_SEQUENCES // B
        compile_for_mle(
            self.generator, jit_compile=True, steps_per_execution=steps_per_execution(steps, 8)
        )
        discriminator, rollout = self.discriminator, self.rollout
        self._rewards = tf.function(
            lambda s, seed: rollout_rewards(rollout, s, discriminator.probability_real, N, seed)
        )

    def mle_epoch(self, dataset):
        self.generator.fit(dataset, epochs=1, verbose=0)

    def sample(self, count):
        return self.generator.sample(count, seed=1)

    def rollout_rewards(self, samples):
        return self._rewards(samples, tf.constant([0, 1])).numpy()

    def discriminator_epoch(self, dataset, steps):
        self.trainer.execute_epochs_whole(steps)  # One call per epoch, as the rounds run it.
        self.discriminator.fit(dataset, epochs=1, verbose=0)

    def generator_step(self, real):
        self.trainer.generator_step(real)


def one_run(ours, theirs, data, scale):
    """`{row: (our seconds, their seconds)}` for every row, each pair timed back to back."""
    tokens, x, y = data
    count, d_count = int(SAMPLES * scale), int(D_SEQUENCES * scale) // B * B
    dataset = mle_dataset(tokens, B, V, seed=0)
    d_dataset = finished(tf.data.Dataset.from_tensor_slices((x[:d_count], y[:d_count])).batch(B))
    t_tokens, t_x, t_y = (reference.as_tensor(a) for a in (tokens, x[:d_count], y[:d_count]))
    samples = ours.sample(B)
    t_samples = reference.as_tensor(samples)
    real = tf.constant(tokens[:B])
    pairs = {
        "MLE epoch, 10,000 sequences, s": (
            lambda: ours.mle_epoch(dataset),
            lambda: theirs.mle_epoch(t_tokens),
            1.0,
        ),
        "sample 10,000 sequences, s": (
            lambda: ours.sample(count),
            lambda: theirs.sample(count),
            SAMPLES / count,
        ),
        "rollout rewards, one generator step, s": (
            lambda: ours.rollout_rewards(samples),
            lambda: theirs.rollout_rewards(t_samples),
            1.0,
        ),
        "discriminator epoch, 20,000 sequences, s": (
            lambda: ours.discriminator_epoch(d_dataset, d_count // B),
            lambda: theirs.discriminator_epoch(t_x, t_y),
            D_SEQUENCES / d_count,
        ),
        "generator step (sample, rollouts, update), s": (
            lambda: ours.generator_step(real),
            theirs.generator_step,
            1.0,
        ),
    }
    figures = {}
    for row, (our_fn, their_fn, factor) in pairs.items():
        figures[row] = (median_seconds(our_fn) * factor, median_seconds(their_fn) * factor)
    sample_row, d_row = "sample 10,000 sequences, s", "discriminator epoch, 20,000 sequences, s"
    figures["adversarial epoch (composed), s"] = tuple(
        figures["generator step (sample, rollouts, update), s"][side]
        + 5 * (figures[sample_row][side] + 3 * figures[d_row][side])
        for side in (0, 1)
    )
    return figures


def print_run(index, figures):
    print(f"run {index + 1}, {time.strftime('%H:%M:%S')}")
    print(f"  {'row':46s} {'ours':>9s} {'PyTorch':>9s} {'ratio':>7s}")
    for row, (ours, theirs) in figures.items():
        print(f"  {row:46s} {ours:9.3f} {theirs:9.3f} {theirs / ours:6.2f}x", flush=True)


def print_summary(runs):
    print(f"over {len(runs)} runs: min / median / max")
    print(f"  {'row':46s} {'ratio (PyTorch / ours)':>24s} {'ours, s':>24s} {'spread':>7s}")
    for row in runs[0]:
        ours = [run[row][0] for run in runs]
        ratios = [run[row][1] / run[row][0] for run in runs]
        ratio_text = " / ".join(f"{value:.2f}" for value in summary(ratios))
        our_text = " / ".join(f"{value:.2f}" for value in summary(ours))
        spread = max(ours) / min(ours) - 1
        print(f"  {row:46s} {ratio_text:>24s} {our_text:>24s} {spread:6.0%}")


def summary(values):
    return min(values), statistics.median(values), max(values)


def main(argv):
    del argv
    print(
        f"CPU: {cpu_description()}; TensorFlow {tf.__version__} (intra-op "
        f"{tf.config.threading.get_intra_op_parallelism_threads() or 'default'}), PyTorch "
        f"{torch.__version__} ({torch.get_num_threads()} threads)"
    )
    set_data_autotune(FLAGS.data_autotune)
    scale = 0.1 if FLAGS.quick else 1.0
    if FLAGS.quick:
        print("--quick: sampling and discriminator rows timed on a tenth, scaled")
    rng = np.random.default_rng(0)
    data = (
        rng.integers(1, V, (MLE_SEQUENCES, T)).astype("int32"),
        rng.integers(0, V, (D_SEQUENCES, T)).astype("int32"),
        rng.integers(0, 2, D_SEQUENCES).astype("int32"),
    )
    precision = resolve_precision(FLAGS.precision)
    print(f"our discriminator's precision: {precision} (--precision {FLAGS.precision})")
    ours, theirs = Ours(precision=precision), reference.Reference()
    runs = []
    for index in range(FLAGS.runs):
        started = time.time()
        runs.append(one_run(ours, theirs, data, scale))
        print_run(index, runs[-1])
        if index + 1 < FLAGS.runs:
            time.sleep(max(0.0, started + 60 * FLAGS.spacing_minutes - time.time()))
    print_summary(runs)


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("runs", 5, "Runs of every row.")
    flags.DEFINE_float("spacing_minutes", 12.0, "Minutes from the start of a run to the next.")
    flags.DEFINE_integer("repeats", 5, "Timed calls per row and side (the median is kept).")
    flags.DEFINE_bool("quick", False, "A tenth of the sampling and discriminator work, scaled.")
    flags.DEFINE_bool(
        "data_autotune", False, "tf.data's autotuning on (the library's old default)."
    )
    flags.DEFINE_enum(
        "precision",
        "auto",
        ["float32", "mixed_bfloat16", "auto"],
        "Our discriminator's precision (the config field, `auto` by default). PyTorch's "
        "reference stays float32.",
    )
    app.run(main)
