"""RelGAN's rows at the paper's sizes: an MLE epoch of the relational generator and one
adversarial step (1 generator + 5 discriminator updates), each against its FLOP floor.

    python benchmarks/relgan_rows.py [--precision mixed_bfloat16] [--repeats 3]
        [--profile_steps 2] [--profile_mle --nojit_mle] [--rows mle]
        [--generator_precision projection_bf16|bf16 --nojit_mle]

The floor of a row is its multiply-add count (counted from the shapes below) at this
machine's large-matmul rate, measured in the same process; RelGAN's whole schedule (150 MLE
epochs + 3,000 steps) is printed from the two rows.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from absl import app, flags  # noqa: E402
from ceilings import cpu_description, matmul_gflops, projection_gflops  # noqa: E402
from op_profile import op_milliseconds, print_top  # noqa: E402

from tf_hebbgan.data import finished  # noqa: E402
from tf_hebbgan.layers.relational_memory_cell import RelationalMemoryCell  # noqa: E402
from tf_hebbgan.models.relational_memory_generator import RelationalMemoryGenerator  # noqa: E402
from tf_hebbgan.models.relgan_discriminator import RelGANDiscriminator  # noqa: E402
from tf_hebbgan.trainers.mle import compile_for_mle  # noqa: E402
from tf_hebbgan.trainers.relgan_trainer import RelGANTrainer  # noqa: E402

FLAGS = flags.FLAGS

V, T, B, E = 5000, 20, 64, 32  # Vocabulary, length, batch, generator embedding.
M, HEADS, HEAD = 512, 2, 256  # Relational memory: row size, heads, head size (1 slot).
D_E, REP, SIZES, FILTERS = 64, 64, (2, 3, 4, 5), 300  # RelGAN's discriminator.
EPOCH_SEQUENCES, MLE_EPOCHS, STEPS, D_STEPS = 10000, 150, 3000, 5


def generator_flops_per_token():
    """Multiply-adds x 2 of one token through the relational memory and the projection."""
    qkv = HEADS * (2 * HEAD + HEAD)
    rows = 2  # The slot and the input row: both have keys and values.
    slots = 1  # The MLP after the (last) attention runs on the slot alone.
    macs = E * M + rows * M * qkv + slots * 2 * M * M + 2 * (M * 2 * M) + M * V
    return 2 * macs


def discriminator_flops_per_sequence(one_hot):
    """Forward FLOPs of one sequence: embedding product (relaxed input), per-representation
    convolutions, highway, dense layers."""
    features = FILTERS * len(SIZES)
    convolutions = sum((T - size + 1) * size * (D_E // REP) * FILTERS for size in SIZES)
    per_rep = convolutions + 2 * features * features + features * 100 + 100
    embedding = T * V * D_E if one_hot else 0
    return 2 * (REP * per_rep + embedding)


def mle_epoch_flops():
    return 3 * generator_flops_per_token() * T * EPOCH_SEQUENCES  # Forward and backward.


def adversarial_step_flops():
    sample = generator_flops_per_token() * T * B  # Relaxed sampling of one batch.
    real, fake = discriminator_flops_per_sequence(False), discriminator_flops_per_sequence(True)
    generator_update = 3 * sample + B * (real + 2 * fake)  # D: forward, and back to the input.
    discriminator_update = sample + 3 * B * (real + fake)
    return generator_update + D_STEPS * discriminator_update


class Bf16CellGenerator(RelationalMemoryGenerator):
    """The generator with its memory cell under the model's mixed policy too (the library keeps
    the cell in float32): what bf16 would gain on the whole generator."""

    def _make_layers(self):
        embedding, _, output_layer = super()._make_layers()
        cell = RelationalMemoryCell(
            **self._cell_arguments, name="relational_memory_cell", dtype=self.dtype_policy
        )
        return embedding, cell, output_layer


GENERATORS = {  # --generator_precision: (the generator's class, its dtype policy).
    "float32": (RelationalMemoryGenerator, None),
    "projection_bf16": (RelationalMemoryGenerator, "mixed_bfloat16"),
    "bf16": (Bf16CellGenerator, "mixed_bfloat16"),
}


def make_generator():
    """The relational generator at the paper's sizes in `--generator_precision`."""
    kind, dtype = GENERATORS[FLAGS.generator_precision]
    return kind(vocabulary_size=V, sequence_length=T, seed=0, dtype=dtype)


def time_mle(repeats):
    generator = make_generator()
    compile_for_mle(generator, 0.01, 5.0, FLAGS.jit_mle, steps_per_execution=FLAGS.mle_steps)
    tokens = np.random.default_rng(0).integers(0, V, (B * FLAGS.mle_steps, T)).astype("int32")
    # As the library feeds fit: tf.data's autotuning off, whose iterator teardown can wait
    # ~1 s at the end of a call (docs/performance.md, "Speed states").
    dataset = finished(
        tf.data.Dataset.from_tensor_slices((tokens, tokens)).batch(B, drop_remainder=True)
    )
    generator.fit(dataset, epochs=1, verbose=0)  # Traces.
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        generator.fit(dataset, epochs=1, verbose=0)
        times.append(time.perf_counter() - start)
    if FLAGS.profile_mle:
        per_op = op_milliseconds(lambda: generator.fit(dataset, epochs=1, verbose=0), 1)
        print(f"MLE, {FLAGS.mle_steps} batches: {sum(per_op.values()):.0f} thread-ms; top ops:")
        print_top(per_op, 16)
    return statistics.median(times) * (EPOCH_SEQUENCES / B) / FLAGS.mle_steps


def time_adversarial_step(repeats):
    generator = make_generator()
    discriminator = RelGANDiscriminator(V, T, dtype=FLAGS.precision)
    trainer = RelGANTrainer(generator, discriminator, batch_size=B, discriminator_steps=D_STEPS)
    real = np.random.default_rng(1).integers(0, V, (1 + D_STEPS, B, T)).astype("int32")
    trainer.train_step(real, 0.5)  # Traces.
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        trainer.train_step(real, 0.5)
        times.append(time.perf_counter() - start)
    if FLAGS.profile_steps:
        per_op = op_milliseconds(lambda: trainer.train_step(real, 0.5), FLAGS.profile_steps)
        print(f"adversarial step: {sum(per_op.values()):.0f} thread-ms; top ops by type:")
        print_top(per_op, 16)
    return statistics.median(times)


def print_step_products(repeats):
    """The rates of a scanned step's products (`B` rows: q/k/v, the gates, the MLP) in both
    precisions: what a step of the memory gets from the hardware, against the large matmul."""
    qkv = HEADS * 3 * HEAD
    parts = []
    for columns in (qkv, 2 * M, M):
        rates = [
            projection_gflops(B, M, columns, repeats, backward=False, dtype=dtype)
            for dtype in (tf.float32, tf.bfloat16)
        ]
        parts.append(f"({B}x{M})x({M}x{columns}) {rates[0]:.0f} / {rates[1]:.0f}")
    print(f"a memory step's products, GFLOP/s fp32 / bf16: {'; '.join(parts)}")


def main(argv):
    del argv
    keras.utils.set_random_seed(0)
    print(f"CPU: {cpu_description()}; TensorFlow {tf.__version__}")
    fp32 = matmul_gflops(FLAGS.repeats)
    bf16 = matmul_gflops(FLAGS.repeats, tf.bfloat16)
    print(f"large matmul: {fp32:.0f} GFLOP/s fp32, {bf16:.0f} GFLOP/s bf16")
    print_step_products(FLAGS.repeats)
    rate = bf16 if FLAGS.precision == "mixed_bfloat16" else fp32
    generator_rate = {"float32": fp32, "bf16": bf16}.get(FLAGS.generator_precision)
    if generator_rate is None:  # The projection at the bf16 rate, the memory at fp32's.
        projection = 2 * M * V / generator_flops_per_token()
        generator_rate = 1 / (projection / bf16 + (1 - projection) / fp32)
    rows = {  # Row: (its timing, its FLOPs, the matmul rate of its floor, its label).
        "mle": (
            time_mle,
            mle_epoch_flops(),
            generator_rate,
            f"MLE epoch (10,000 sequences, generator {FLAGS.generator_precision})",
        ),
        "step": (
            time_adversarial_step,
            adversarial_step_flops(),
            rate,
            f"adversarial step (1 G + {D_STEPS} D, discriminator {FLAGS.precision})",
        ),
    }
    seconds, floors = {}, {}
    for name in FLAGS.rows:
        timing, flops, gflops, label = rows[name]
        seconds[name], floors[name] = timing(FLAGS.repeats), flops / (gflops * 1e9)
        print(
            f"{label}: {seconds[name]:.2f} s; {flops / 1e9:.0f} GFLOP, floor {floors[name]:.2f} s "
            f"at {gflops:.0f} GFLOP/s ({seconds[name] / floors[name]:.2f}x)"
        )
    if set(seconds) == set(rows):
        hours = (MLE_EPOCHS * seconds["mle"] + STEPS * seconds["step"]) / 3600
        floor_hours = (MLE_EPOCHS * floors["mle"] + STEPS * floors["step"]) / 3600
        print(
            f"RelGAN's schedule ({MLE_EPOCHS} epochs + {STEPS} steps): {hours:.1f} h (floor "
            f"{floor_hours:.1f} h)"
        )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("repeats", 3, "Timed repeats per row (the median is printed).")
    flags.DEFINE_integer("mle_steps", 40, "MLE batches timed per repeat, scaled to the epoch.")
    flags.DEFINE_enum(
        "precision", "float32", ["float32", "mixed_bfloat16"], "The discriminator's compute."
    )
    flags.DEFINE_enum(
        "generator_precision",
        "float32",
        list(GENERATORS),
        "The generator's compute: float32, the vocabulary projection in bf16 (the library's "
        "`dtype='mixed_bfloat16'`), or the memory cell in bf16 as well.",
    )
    flags.DEFINE_multi_enum("rows", ["mle", "step"], ["mle", "step"], "The rows to time.")
    flags.DEFINE_bool("jit_mle", True, "XLA for the MLE train step (the recipes' default).")
    flags.DEFINE_integer(
        "profile_steps", 0, "Adversarial steps profiled by op type after the timing (0: none)."
    )
    flags.DEFINE_bool(
        "profile_mle",
        False,
        "Profile one MLE call by op type after the timing (with --nojit_mle: per TF op).",
    )
    app.run(main)
