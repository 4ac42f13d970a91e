"""Times the hot paths of SeqGAN at the paper configuration and sets each against its floor.

    python benchmarks/seqgan_rows.py [--quick] [--repeats 3]

Configuration: vocabulary 5000, length 20, batch 64, 16 rollouts, the 1,720-filter CNN
discriminator. In the same run it measures the machine's ceilings (fp32 matmul GFLOP/s on a
large square product, and exp throughput), then prints for every row: the figure (median of
`--repeats` timings after a warm-up), its FLOP and exp counts, the floor they imply
(FLOP / matmul rate + exps / exp rate), and the ratio figure / floor; and the process's peak
resident memory. The two rows made of the vocabulary projection (MLE and sampling) also get a
*shape floor*: the same count at the rate this run measures for the projection's own products
(`(rows, 32) x (32, 5000)` and, for MLE, its two gradient products), since an inner dimension
of 32 keeps them far below the large square product's rate. `--quick` shrinks the timed work
(fewer sequences) so that the whole run takes under two minutes; figures are then scaled to
the full row and say so.

The adversarial-epoch row is composed from the measured rows (1 generator step + 5 rounds of
10,000 fresh samples and 3 discriminator epochs over 20,000 sequences); `--timed_epoch` also
runs one whole adversarial epoch of the paper schedule through `SeqGANTrainer` and times it.

The plastic variants follow: discriminator training for each HebbGAN
discriminator and sampling and rollouts with the plastic generator, each with its ratio to
the plain row measured in the same run (the goal is within 1.3x).

On a GPU the same rows run unchanged (MLE with XLA; the discriminator's `jit_compile` is
chosen per device by `SeqGANTrainer`).
"""

import resource
import statistics
import time

import keras
import numpy as np
import tensorflow as tf
from absl import app, flags
from timing import timings

from tf_hebbgan.config import Config
from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator
from tf_hebbgan.samplers import rollout_rewards
from tf_hebbgan.trainers import compile_for_mle
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

flags.DEFINE_bool("quick", False, "Smaller timed workloads (under 2 minutes in all).")
flags.DEFINE_integer("repeats", 3, "Timed repeats per row (the median is reported).")
flags.DEFINE_bool("timed_epoch", False, "Also time one whole adversarial epoch (~3 minutes).")
flags.DEFINE_bool("variants", True, "Also time the plastic discriminators and generator.")
flags.DEFINE_integer(
    "mle_steps_per_execution",
    Config().mle_steps_per_execution,
    "Keras steps_per_execution of the MLE row (default: the recipes').",
)
FLAGS = flags.FLAGS

V, T, B, N, E, H = 5000, 20, 64, 16, 32, 32
D_EMBED = 64
FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)


def median_time(fn, repeats):
    return statistics.median(timings(fn, repeats))


def peak_memory_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# === Ceilings ===


def matmul_gflops(repeats, dtype=tf.float32):
    a = tf.cast(tf.random.normal((2048, 2048)), dtype)
    product = tf.function(lambda a: tf.reduce_sum(tf.cast(tf.matmul(a, a), tf.float32)))
    seconds = median_time(lambda: product(a).numpy(), repeats)
    return 2 * 2048**3 / seconds / 1e9


def projection_gflops(rows, repeats, backward=True):
    """GFLOP/s of the vocabulary projection at its own shape: `(rows, H) x (H, V)`, and with
    `backward` also its two gradient products (`(H, rows) x (rows, V)` and `(rows, V) x (V, H)`).

    The inner dimension is H = 32, so these products stream a `rows x V` matrix for 32 (or
    `rows`) multiply-adds per element: far from the large square product's rate.
    """
    hidden = tf.random.normal((rows, H))
    kernel = tf.random.normal((H, V))
    upstream = tf.random.normal((rows, V))

    def products(hidden, kernel, upstream):
        total = tf.reduce_sum(tf.matmul(hidden, kernel))
        if backward:
            total += tf.reduce_sum(tf.matmul(hidden, upstream, transpose_a=True))
            total += tf.reduce_sum(tf.matmul(upstream, kernel, transpose_b=True))
        return total

    product = tf.function(products)
    seconds = median_time(lambda: product(hidden, kernel, upstream).numpy(), repeats)
    return (3 if backward else 1) * 2 * rows * H * V / seconds / 1e9


def exp_per_second(repeats):
    x = tf.random.normal((64 * 20, 5000 * 10))  # 64M elements.
    fn = tf.function(lambda x: tf.reduce_sum(tf.exp(x)))
    seconds = median_time(lambda: fn(x).numpy(), repeats)
    return x.shape.num_elements() / seconds


# === FLOP and exp counts ===


def generator_step_flops(rows):
    """One LSTM step plus the vocabulary projection, for `rows` sequences."""
    return rows * (2 * (E + H) * 4 * H + 2 * H * V)


def discriminator_flops_per_sequence():
    conv = sum(
        2 * (T - k + 1) * k * D_EMBED * f for k, f in zip(FILTER_SIZES, NUM_FILTERS, strict=True)
    )
    features = sum(NUM_FILTERS)
    return conv + 2 * 2 * features * features + 2 * features * 2


def main(argv):
    del argv
    repeats = FLAGS.repeats
    scale = 0.1 if FLAGS.quick else 1.0
    print(f"device: {tf.config.list_logical_devices()[0].device_type}, quick={FLAGS.quick}")
    gflops = matmul_gflops(repeats)
    exps = exp_per_second(repeats)
    print(
        f"ceiling: fp32 matmul {gflops:.1f} GFLOP/s; exp {exps / 1e9:.2f} G/s "
        f"(bf16 matmul {matmul_gflops(repeats, tf.bfloat16):.1f} GFLOP/s, for the record)"
    )

    def report(name, seconds, flop, exp_count, unit="s", shape_gflops=None):
        floor = flop / (gflops * 1e9) + exp_count / exps
        figure = f"{seconds:.3f} {unit}"
        shape = ""
        if shape_gflops is not None:
            shape_floor = flop / (shape_gflops * 1e9) + exp_count / exps
            shape = f"   {shape_floor:10.3f}s {seconds / shape_floor:6.1f}x"
        print(
            f"{name:44s} {figure:>12s} {flop / 1e9:8.1f} {exp_count / 1e9:6.2f} "
            f"{floor:8.3f}s {seconds / floor:6.1f}x{shape}   peak RSS {peak_memory_mib():.0f} MiB"
        )
        return seconds

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    generator = LSTMGenerator(V, E, H, T, seed=0)
    generator.build()

    # The rows dominated by the vocabulary projection also get a floor at the projection's
    # own measured rate (its inner dimension is 32), to show how much of the gap is the shape.
    mle_gflops = projection_gflops(B * T, repeats)
    sample_gflops = projection_gflops(generator.sample_batch_size, repeats, backward=False)
    print(
        f"at-shape rate of the vocabulary projection: {mle_gflops:.1f} GFLOP/s forward + "
        f"backward at {B * T} rows (MLE), {sample_gflops:.1f} forward at "
        f"{generator.sample_batch_size} rows (sampling)"
    )
    print(
        f"{'row':44s} {'figure':>12s} {'GFLOP':>8s} {'Gexp':>6s} {'floor':>9s} {'ratio':>6s}"
        f"   {'shape floor':>11s} {'ratio':>6s}"
    )

    # MLE epoch over 10,000 sequences (156 full batches of 64).
    steps = max(1, int(156 * scale))
    tokens = rng.integers(0, V, (steps * B, T)).astype("int32")
    compile_for_mle(generator, jit_compile=True, steps_per_execution=FLAGS.mle_steps_per_execution)
    seconds = median_time(
        lambda: generator.fit(tokens, tokens, batch_size=B, epochs=1, verbose=0), repeats
    )
    per_batch_flops = 3 * generator_step_flops(B * T)  # Forward and backward (x3).
    mle_epoch = report(
        "MLE epoch, 10,000 sequences" + (" (scaled)" if scale < 1 else ""),
        seconds * 156 / steps,
        156 * per_batch_flops,
        156 * B * T * V,
        shape_gflops=mle_gflops,
    )

    # Sampling 10,000 sequences.
    count_samples = int(10000 * scale)
    seconds = median_time(lambda: generator.sample(count_samples, seed=1), repeats)
    sample_10k = report(
        "sample 10,000 sequences" + (" (scaled)" if scale < 1 else ""),
        seconds * 10000 / count_samples,
        T * generator_step_flops(10000),
        T * 10000 * V,
        shape_gflops=sample_gflops,
    )

    # Rollout rewards for one generator step.
    discriminator = CNNDiscriminator(V, T)
    discriminator.build()
    rollout = LSTMGenerator.from_config(generator.get_config())
    rollout.build()
    sequences = tf.constant(generator.sample(B, seed=2))

    def time_rollouts(network):
        rewards_fn = tf.function(
            lambda s, seed: rollout_rewards(network, s, discriminator.probability_real, N, seed)
        )
        return median_time(lambda: rewards_fn(sequences, tf.constant([0, 1])).numpy(), repeats)

    row_steps = N * B * sum(T - t for t in range(1, T))
    completions = (T - 1) * N * B + B
    rollouts = report(
        "rollout rewards, one generator step",
        time_rollouts(rollout),
        row_steps * generator_step_flops(1) + completions * discriminator_flops_per_sequence(),
        row_steps * V,
    )

    # Discriminator training throughput.
    count = int(20000 * scale) // B * B
    trainer = SeqGANTrainer(generator, rollout, discriminator, batch_size=B, num_rollouts=N)
    x = rng.integers(0, V, (count, T)).astype("int32")
    y = rng.integers(0, 2, count).astype("int32")

    def time_discriminator(network):
        return median_time(lambda: network.fit(x, y, batch_size=B, epochs=1, verbose=0), repeats)

    seconds = time_discriminator(discriminator)
    per_sequence = 3 * discriminator_flops_per_sequence()
    d_rate = count / seconds
    report(
        "discriminator training, 20,000 sequences" + (" (scaled)" if scale < 1 else ""),
        seconds * 20000 / count,
        20000 * per_sequence,
        0,
    )
    print(f"{'':44s} = {d_rate:.0f} sequences/s")

    # One generator step (sampling, rollouts, REINFORCE).
    real = tf.constant(tokens[:B])
    g_step = median_time(lambda: trainer.generator_step(real), repeats)
    print(f"{'generator step (sample + rollouts + update)':44s} {g_step:9.3f} s")

    epoch = g_step + 5 * (sample_10k + 3 * 20000 / d_rate)
    print(
        f"{'adversarial epoch (composed: 1 G + 5 x 3 D)':44s} {epoch:9.1f} s"
        f"   (MLE epoch {mle_epoch:.2f} s)"
    )

    if FLAGS.variants:
        print("plastic variants (ratio to the plain row of this run; goal <= 1.3x):")
        for plasticity in ("output_sequence", "output_stateful", "highway_stateful"):
            variant = CNNDiscriminator(V, T, dropout=0.0, plasticity=plasticity)
            variant.build()
            SeqGANTrainer(generator, rollout, variant, batch_size=B, num_rollouts=N)
            rate = count / time_discriminator(variant)
            print(
                f"{'  discriminator training, ' + plasticity:44s} {rate:9.0f} seq/s"
                f"   {d_rate / rate:5.2f}x"
            )
        plastic = LSTMGenerator(V, E, H, T, seed=0, plastic_rule="hebb")
        plastic.build()
        seconds = median_time(lambda: plastic.sample(count_samples, seed=1), repeats)
        seconds *= 10000 / count_samples
        print(
            f"{'  sample 10,000 sequences, plastic generator':44s} {seconds:9.3f} s"
            f"   {seconds / sample_10k:5.2f}x"
        )
        seconds = time_rollouts(plastic)
        print(
            f"{'  rollout rewards, plastic generator':44s} {seconds:9.3f} s"
            f"   {seconds / rollouts:5.2f}x"
        )

    if FLAGS.timed_epoch:
        positives = rng.integers(0, V, (10000, T)).astype("int32")
        start = time.perf_counter()
        trainer.generator_step(real)
        trainer.update_rollout()
        for round_index in range(5):
            trainer.discriminator_round(positives, 10000, epochs=3, seed=round_index)
        seconds = time.perf_counter() - start
        print(f"{'adversarial epoch (timed: 1 G + 5 x 3 D)':44s} {seconds:9.1f} s")
    print(f"peak RSS {peak_memory_mib():.0f} MiB")


if __name__ == "__main__":
    app.run(main)
