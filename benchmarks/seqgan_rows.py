"""Times the hot paths of SeqGAN at the paper configuration, in float32 and in mixed_bfloat16,
and sets each against its floor at the precision it runs in.

    python benchmarks/seqgan_rows.py [--quick] [--repeats 3] [--statistic fastest] [--timed_epoch]
        [--novariants]

Configuration: vocabulary 5000, length 20, batch 64, 16 rollouts, the 1,720-filter CNN
discriminator. In the same run it measures the machine's ceilings: an fp32 and a bf16 matmul
(GFLOP/s on a large square product), which oneDNN kernels the fp32 and bf16 products
dispatch to, `exp` throughput, the vocabulary projection's rate at its own shape in both
precisions, and the discriminator optimizer's memory pass over the 7.1 M weights and their
slots. Then every row in both precisions, timed back to back (so both see the same machine
state): the figure (the median of `--repeats` after a warm-up; with `--statistic fastest`,
the fastest repeat: the machine's fast state where it switches between two), its floor at
that precision (FLOP / matmul rate + exps / exp rate, + the optimizer pass for discriminator
training) and the ratio; the projection rows (MLE, sampling) also get a *shape floor* at the
projection's own measured rate. `mixed_bfloat16` puts the discriminator's convolutions and
highway in bf16, as the recipe field `precision` does, and here also the generator's
vocabulary projection (which that field leaves in float32: it measured slower); weights,
logits, losses and rewards stay float32. `--quick` times fewer sequences and scales the
figures to the full row (it says so), except the MLE epoch, always whole.

The adversarial-epoch row is composed from the measured rows (1 generator step + 5 rounds of
10,000 fresh samples and 3 discriminator epochs over 20,000 sequences); `--timed_epoch` also
runs one whole adversarial epoch of the paper schedule through `SeqGANTrainer` in each
precision. The last lines check the speed goals with each row's faster precision. The plastic
variants follow in both precisions, each with its ratio to the plain row at that precision.
"""

import resource
import time

import keras
import numpy as np
import tensorflow as tf
from absl import app, flags
from ceilings import (
    discriminator_gflops,
    discriminator_product_flops,
    exp_per_second,
    matmul_gflops,
    onednn_kernels,
    optimizer_pass_seconds,
    projection_gflops,
    typical_time,
    use_statistic,
)

from tf_hebbgan.config import Config
from tf_hebbgan.data import finished, mle_dataset
from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator
from tf_hebbgan.optimizers import FusedAdam
from tf_hebbgan.samplers import rollout_rewards
from tf_hebbgan.trainers import compile_for_mle
from tf_hebbgan.trainers.mle import steps_per_execution
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

FLAGS = flags.FLAGS

V, T, B, N, E, H = 5000, 20, 64, 16, 32, 32
D_EMBED = 64
FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)
DTYPES = {"float32": tf.float32, "mixed_bfloat16": tf.bfloat16}  # What each multiplies in.
PRECISIONS = tuple(DTYPES)
SHORT = {"float32": "fp32", "mixed_bfloat16": "bf16"}
# Speed goals: (row, target, True if the figure must be at most the target).
GOALS = (
    ("discriminator training, sequences/s", 2500, False),
    ("rollout rewards, one generator step, s", 2.0, True),
    ("adversarial epoch, s", 150, True),
    ("MLE epoch, s", 2.5, True),
    ("sample 10,000 sequences, s", 1.0, True),
)


def peak_memory_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# === FLOP and exp counts ===


def generator_step_flops(rows):
    """One LSTM step plus the vocabulary projection, for `rows` sequences."""
    return rows * (2 * (E + H) * 4 * H + 2 * H * V)


def discriminator_flops_per_sequence():
    """The convolutions and highway, plus the 2-logit output layer."""
    products = discriminator_product_flops(T, D_EMBED, FILTER_SIZES, NUM_FILTERS)
    return products + 2 * sum(NUM_FILTERS) * 2


# === One precision's networks ===


class Networks:
    """The generator, rollout network, discriminator and trainer at one precision (the same
    initial weights in every precision)."""

    def __init__(self, precision, plasticity=None, plastic_rule=None):
        keras.utils.set_random_seed(0)
        self.generator = LSTMGenerator(
            V, E, H, T, seed=0, plastic_rule=plastic_rule, dtype=precision
        )
        self.rollout = LSTMGenerator.from_config(self.generator.get_config())
        self.rollout.set_weights(self.generator.get_weights())
        dropout = {} if plasticity is None else {"dropout": 0.0, "plasticity": plasticity}
        self.discriminator = CNNDiscriminator(V, T, dtype=precision, **dropout)
        self.trainer = SeqGANTrainer(
            self.generator, self.rollout, self.discriminator, batch_size=B, num_rollouts=N
        )

    def rollout_seconds(self, sequences, repeats):
        network, discriminator = self.rollout, self.discriminator
        rewards = tf.function(
            lambda s, seed: rollout_rewards(network, s, discriminator.probability_real, N, seed)
        )
        return typical_time(lambda: rewards(sequences, tf.constant([0, 1])).numpy(), repeats)

    def discriminator_seconds(self, x, y, repeats):
        """One epoch over `x`, `y` as the trainer's rounds run it (one call per epoch)."""
        self.trainer.execute_epochs_whole(-(-len(x) // B))
        dataset = finished(tf.data.Dataset.from_tensor_slices((x, y)).batch(B))  # As the rounds.
        fit = self.discriminator.fit
        return typical_time(lambda: fit(dataset, epochs=1, verbose=0), repeats)


# === Printing ===


class Report:
    """Prints rows against floors at their precision's ceilings; keeps figures for the goals."""

    def __init__(self, rates, exps, shape_rates, optimizer_seconds):
        self.rates, self.exps = rates, exps
        self.shape_rates = shape_rates  # {row kind: {precision: GFLOP/s}}
        self.optimizer_seconds = optimizer_seconds  # s per step of B, either precision
        self.figures = {}  # {row: {precision: seconds}}
        print(
            f"{'row':50s} {'prec':>4s} {'figure':>10s} {'GFLOP':>7s} {'floor':>8s} {'ratio':>6s}"
            f" {'shape floor':>11s} {'ratio':>6s} {'fp32/bf16':>9s}"
        )

    def row(self, name, precision, seconds, flop, exps=0.0, shape=None, steps=0):
        floor = flop / (self.rates[precision] * 1e9) + exps / self.exps
        floor += steps * self.optimizer_seconds
        text = f"{name:50s} {SHORT[precision]:>4s} {seconds:9.3f}s {flop / 1e9:7.1f}"
        text += f" {floor:7.3f}s {seconds / floor:5.2f}x"
        if shape:
            shape_floor = flop / (self.shape_rates[shape][precision] * 1e9) + exps / self.exps
            shape_floor += steps * self.optimizer_seconds
            text += f" {shape_floor:10.3f}s {seconds / shape_floor:5.2f}x"
        else:
            text += " " * 18
        figures = self.figures.setdefault(name, {})
        figures[precision] = seconds
        if precision != PRECISIONS[0] and PRECISIONS[0] in figures:
            text += f" {figures[PRECISIONS[0]] / seconds:8.2f}x"
        print(f"{text}   peak RSS {peak_memory_mib():.0f} MiB")

    def best(self, name):
        """The row's figure at its faster precision, and that precision."""
        precision = min(self.figures[name], key=self.figures[name].get)
        return self.figures[name][precision], precision


def print_ceilings(repeats, generator_rows):
    """Measures and prints the ceilings; returns the `Report` that uses them."""
    rates = {p: matmul_gflops(repeats, dtype) for p, dtype in DTYPES.items()}
    exps = exp_per_second(repeats)
    print(
        f"ceiling: fp32 matmul {rates['float32']:.1f} GFLOP/s, bf16 matmul "
        f"{rates['mixed_bfloat16']:.1f} GFLOP/s "
        f"({rates['mixed_bfloat16'] / rates['float32']:.2f}x); exp {exps / 1e9:.2f} G/s"
    )
    for product, kernels in onednn_kernels().items() or [("oneDNN", ["(none reported)"])]:
        print(f"  oneDNN, {product}: {', '.join(kernels)}")
    shape_rates = {}
    for kind, rows, backward in (("mle", B * T, True), ("sample", generator_rows, False)):
        shape_rates[kind] = {
            p: projection_gflops(rows, H, V, repeats, backward, dtype)
            for p, dtype in DTYPES.items()
        }
        print(
            f"  vocabulary projection at {rows} rows "
            f"({'forward + backward' if backward else 'forward'}):"
            f" fp32 {shape_rates[kind]['float32']:.1f}, bf16 "
            f"{shape_rates[kind]['mixed_bfloat16']:.1f} GFLOP/s"
        )
    shape_rates["discriminator"] = {
        p: discriminator_gflops(B, T, D_EMBED, FILTER_SIZES, NUM_FILTERS, repeats, dtype)
        for p, dtype in DTYPES.items()
    }
    print(
        f"  discriminator products at their shapes (convolutions + highway, batch {B}, forward"
        f" + backward): fp32 {shape_rates['discriminator']['float32']:.1f}, bf16 "
        f"{shape_rates['discriminator']['mixed_bfloat16']:.1f} GFLOP/s"
    )
    # Float32 weights and slots in both precisions: one pass serves both floors.
    model = CNNDiscriminator(V, T)
    optimizer_seconds = optimizer_pass_seconds(model, FusedAdam(1e-4), repeats)
    weights = sum(int(np.prod(v.shape)) for v in model.trainable_variables)
    print(
        f"  discriminator optimizer pass (FusedAdam, {weights / 1e6:.1f} M float32 weights + "
        f"2 slots, either precision): {optimizer_seconds * 1e3:.1f} ms per step"
    )
    return Report(rates, exps, shape_rates, optimizer_seconds)


# === The rows ===


def main(argv):
    del argv
    repeats = FLAGS.repeats
    use_statistic(FLAGS.statistic)
    scale = 0.1 if FLAGS.quick else 1.0
    scaled = " (scaled)" if scale < 1 else ""
    print(
        f"device: {tf.config.list_logical_devices()[0].device_type}, quick={FLAGS.quick}, "
        f"figures: the {FLAGS.statistic} of {repeats} repeats"
    )
    nets = {precision: Networks(precision) for precision in PRECISIONS}
    report = print_ceilings(repeats, nets["float32"].generator.sample_batch_size)
    rng = np.random.default_rng(0)

    # MLE epoch over 10,000 sequences (156 full batches of 64), whole even with --quick (it
    # is short, and a scaled part would multiply fit's fixed per-call work), through the
    # recipes' dataset and steps per execution.
    steps = 156
    tokens = rng.integers(0, V, (steps * B, T)).astype("int32")
    dataset = mle_dataset(tokens, B, V, seed=0)
    mle_name = "MLE epoch, 10,000 sequences"
    for precision, net in nets.items():
        generator = net.generator
        compile_for_mle(
            generator,
            jit_compile=True,
            steps_per_execution=steps_per_execution(steps, FLAGS.mle_steps_per_execution),
        )
        seconds = typical_time(lambda g=generator: g.fit(dataset, epochs=1, verbose=0), repeats)
        report.row(
            mle_name,
            precision,
            seconds,
            steps * 3 * generator_step_flops(B * T),  # Forward and backward (x3).
            steps * B * T * V,
            shape="mle",
        )

    count_samples = int(10000 * scale)
    sample_name = "sample 10,000 sequences" + scaled
    for precision, net in nets.items():
        seconds = typical_time(lambda g=net.generator: g.sample(count_samples, seed=1), repeats)
        report.row(
            sample_name,
            precision,
            seconds * 10000 / count_samples,
            T * generator_step_flops(10000),
            T * 10000 * V,
            shape="sample",
        )

    sequences = tf.constant(nets["float32"].generator.sample(B, seed=2))
    row_steps = N * B * sum(T - t for t in range(1, T))
    completions = (T - 1) * N * B + B
    rollout_flop = row_steps * generator_step_flops(1)
    rollout_flop += completions * discriminator_flops_per_sequence()
    for precision, net in nets.items():
        report.row(
            "rollout rewards, one generator step",
            precision,
            net.rollout_seconds(sequences, repeats),
            rollout_flop,
            row_steps * V,
        )

    count = int(20000 * scale) // B * B
    x = rng.integers(0, V, (count, T)).astype("int32")
    y = rng.integers(0, 2, count).astype("int32")
    d_name = "discriminator training, 20,000 sequences" + scaled
    for precision, net in nets.items():
        seconds = net.discriminator_seconds(x, y, repeats) * 20000 / count
        report.row(
            d_name,
            precision,
            seconds,
            20000 * 3 * discriminator_flops_per_sequence(),
            shape="discriminator",
            steps=20000 / B,
        )
    rates = {p: 20000 / s for p, s in report.figures[d_name].items()}
    print(f"{'':50s} = " + ", ".join(f"{SHORT[p]} {r:.0f} seq/s" for p, r in rates.items()))

    real = tf.constant(tokens[:B])
    epochs = {}
    for precision, net in nets.items():
        g_step = typical_time(lambda t=net.trainer: t.generator_step(real), repeats)
        epochs[precision] = g_step + 5 * (
            report.figures[sample_name][precision] + 3 * 20000 / rates[precision]
        )
        print(
            f"{'generator step (sample + rollouts + update)':42s} {SHORT[precision]:>4s} "
            f"{g_step:9.3f}s   adversarial epoch (composed: 1 G + 5 x 3 D) "
            f"{epochs[precision]:.1f} s"
        )
    report.figures["adversarial epoch"] = dict(epochs)

    if FLAGS.timed_epoch:
        positives = rng.integers(0, V, (10000, T)).astype("int32")
        for precision, net in nets.items():
            start = time.perf_counter()
            net.trainer.generator_step(real)
            net.trainer.update_rollout()
            for round_index in range(5):
                net.trainer.discriminator_round(positives, 10000, epochs=3, seed=round_index)
            seconds = time.perf_counter() - start
            report.figures["adversarial epoch"][precision] = seconds
            print(
                f"{'adversarial epoch (timed: 1 G + 5 x 3 D)':42s} {SHORT[precision]:>4s} "
                f"{seconds:9.1f}s"
            )

    epoch_kind = "timed once" if FLAGS.timed_epoch else "composed"
    print(
        f"speed goals (each row at its faster precision; the {FLAGS.statistic} of {repeats} "
        f"repeats, the adversarial epoch {epoch_kind}):"
    )
    figures = {
        GOALS[0][0]: (lambda s, p: (20000 / s, p))(*report.best(d_name)),
        GOALS[1][0]: report.best("rollout rewards, one generator step"),
        GOALS[2][0]: report.best("adversarial epoch"),
        GOALS[3][0]: report.best(mle_name),
        GOALS[4][0]: report.best(sample_name),
    }
    for goal, target, at_most in GOALS:
        figure, precision = figures[goal]
        met = figure <= target if at_most else figure >= target
        sign = "<=" if at_most else ">="
        print(
            f"  {goal:42s} {figure:9.2f} ({SHORT[precision]})  goal {sign} {target}: "
            + ("met" if met else "not met")
        )

    if FLAGS.variants:
        variants(nets, x, y, sequences, count_samples, report, repeats, d_name, sample_name)
    print(f"peak RSS {peak_memory_mib():.0f} MiB")


def variants(nets, x, y, sequences, count_samples, report, repeats, d_name, sample_name):
    """The plastic discriminators and generator, each against the plain row at its precision."""
    print("plastic variants (ratio to the plain row at the same precision; goal <= 1.3x):")
    for precision in PRECISIONS:
        plain = report.figures[d_name][precision]
        for plasticity in ("output_sequence", "output_stateful", "highway_stateful"):
            net = Networks(precision, plasticity=plasticity)
            seconds = net.discriminator_seconds(x, y, repeats) * 20000 / len(x)
            print(
                f"  {'discriminator training, ' + plasticity:40s} {SHORT[precision]:>4s} "
                f"{20000 / seconds:9.0f} seq/s   {seconds / plain:5.2f}x"
            )
        plastic = Networks(precision, plastic_rule="hebb")
        seconds = typical_time(lambda g=plastic.generator: g.sample(count_samples, seed=1), repeats)
        seconds *= 10000 / count_samples
        print(
            f"  {'sample 10,000 sequences, plastic generator':40s} {SHORT[precision]:>4s} "
            f"{seconds:9.3f} s   {seconds / report.figures[sample_name][precision]:5.2f}x"
        )
        seconds = plastic.rollout_seconds(sequences, repeats)
        plain = report.figures["rollout rewards, one generator step"][precision]
        print(
            f"  {'rollout rewards, plastic generator':40s} {SHORT[precision]:>4s} "
            f"{seconds:9.3f} s   {seconds / plain:5.2f}x"
        )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_bool("quick", False, "Smaller timed workloads, figures scaled to the full row.")
    flags.DEFINE_integer("repeats", 3, "Timed repeats per row and ceiling.")
    flags.DEFINE_enum(
        "statistic",
        "median",
        ["median", "fastest"],
        "How the repeats of every row and ceiling are summarised: the median, or the fastest "
        "repeat (the machine's fast state, where it switches between two).",
    )
    flags.DEFINE_bool("timed_epoch", False, "Also time one whole adversarial epoch per precision.")
    flags.DEFINE_bool("variants", True, "Also time the plastic discriminators and generator.")
    flags.DEFINE_integer(
        "mle_steps_per_execution",
        Config().mle_steps_per_execution,
        "Keras steps_per_execution of the MLE row, at most (the largest divisor of the epoch not "
        "above it, as the recipes run it).",
    )
    app.run(main)
