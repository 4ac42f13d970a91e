"""Where a discriminator training step spends its time, and what FusedAdam buys.

    python benchmarks/discriminator_step.py [--sequences 2560] [--repeats 3]
        [--statistic fastest] [--profile_steps 20]
        [--plasticity highway_stateful | --precision | --steps_per_execution 1,8]

1. Throughput (sequences/s, the median of `--repeats` epochs after a warm-up epoch, or with
   `--statistic fastest` the fastest) of Keras `fit` on the paper-size `CNNDiscriminator`
   with `keras.optimizers.Adam` and with `FusedAdam`, twice each in alternation to expose
   machine noise.
2. An op-level profile (`tf.profiler`) of `--profile_steps` training steps with each
   optimizer: thread-milliseconds per step by TensorFlow op, summed over the compute threads
   (with 2 threads, about twice the wall time).

With `--plasticity`, the same for that HebbGAN discriminator (no dropout, as its recipes) next
to the plain one, both with FusedAdam: where the plastic variant's extra time goes. With
`--precision`, the plain one in float32 and in mixed_bfloat16 (bf16 convolutions and highway).
With `--steps_per_execution`, `fit` running that many steps per call into the graph, in both
precisions: what Keras' per-step work costs the discriminator.
"""

import keras
import tensorflow as tf
from absl import app, flags
from ceilings import typical_time, use_statistic
from op_profile import op_milliseconds
from workloads import compiled_discriminator, random_sequences, training_step

from tf_hebbgan.data import finished
from tf_hebbgan.optimizers import FusedAdam

FLAGS = flags.FLAGS

B = 64
OPTIMIZERS = {"keras Adam": keras.optimizers.Adam, "FusedAdam": FusedAdam}
# The element-wise op types of Keras' Adam update (the model's own step uses few of them;
# Mul and AddV2 also appear in the highway's gradient, so this sum is an upper bound).
ADAM_OPS = (
    "Mul",
    "Sub",
    "AssignAddVariableOp",
    "AssignSubVariableOp",
    "RealDiv",
    "Square",
    "Sqrt",
    "AddV2",
    "Pow",
    "Cast",
)


def build(optimizer_class, plasticity=None, dtype="float32", steps_per_execution=1):
    variant = {} if plasticity is None else {"dropout": 0.0, "plasticity": plasticity}
    return compiled_discriminator(
        optimizer_class(1e-4),
        metrics=["accuracy"],
        dtype=dtype,
        steps_per_execution=steps_per_execution,
        **variant,
    )


def throughput(setting, x, y):
    discriminator = build(*setting)
    # The library's pipeline options (tf.data's autotuning off): with it on, deleting the
    # iterator at the end of a fit call waits ~1.1 s in about half the calls.
    dataset = finished(tf.data.Dataset.from_tensor_slices((x, y)).batch(B))
    return len(x) / typical_time(
        lambda: discriminator.fit(dataset, epochs=1, verbose=0), FLAGS.repeats
    )


def profile(setting, x, y):
    """Thread-ms per step by op type, from the profiler's trace of `profile_steps` steps."""
    discriminator = build(*setting)
    step = training_step(discriminator)
    tokens, labels = tf.constant(x[:B]), tf.constant(y[:B])
    for _ in range(3):
        step(tokens, labels).numpy()
    return op_milliseconds(lambda: step(tokens, labels), FLAGS.profile_steps)


def main(argv):
    del argv
    use_statistic(FLAGS.statistic)
    x, y = random_sequences(FLAGS.sequences // B * B)
    if FLAGS.steps_per_execution:
        settings = {
            f"{name} spe={steps}": (FusedAdam, None, name, int(steps))
            for name in ("float32", "mixed_bfloat16")
            for steps in FLAGS.steps_per_execution
        }
    elif FLAGS.precision:
        settings = {name: (FusedAdam, None, name) for name in ("float32", "mixed_bfloat16")}
    elif FLAGS.plasticity is None:
        settings = {name: (optimizer, None) for name, optimizer in OPTIMIZERS.items()}
    else:
        settings = {"plain": (FusedAdam, None), FLAGS.plasticity: (FusedAdam, FLAGS.plasticity)}
    for _ in range(2):
        for name, setting in settings.items():
            print(f"{name:24s} {throughput(setting, x, y):7.0f} sequences/s")
    if FLAGS.profile_steps:
        for name, setting in settings.items():
            per_op = profile(setting, x, y)
            optimizer_ms = sum(
                ms for op, ms in per_op.items() if op in ADAM_OPS or op == "ResourceApplyAdam"
            )
            print(
                f"\n{name}: {sum(per_op.values()):.1f} thread-ms per step of {B}, of which the "
                f"optimizer's update ~{optimizer_ms:.1f}; top ops by type:"
            )
            for op, ms in per_op.most_common(18):
                print(f"  {ms:7.2f} ms  {op}")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("sequences", 2560, "Sequences per timed epoch.")
    flags.DEFINE_integer("repeats", 3, "Timed epochs per setting.")
    flags.DEFINE_enum(
        "statistic",
        "median",
        ["median", "fastest"],
        "The median of the timed epochs, or the fastest (the machine's fast state, where it "
        "switches between two).",
    )
    flags.DEFINE_integer("profile_steps", 20, "Profiled steps per setting (0: no profile).")
    flags.DEFINE_enum(
        "plasticity",
        None,
        ["output_sequence", "output_stateful", "highway_stateful"],
        "Compare this plastic discriminator with the plain one (both with FusedAdam) instead of "
        "comparing optimizers.",
    )
    flags.DEFINE_list(
        "steps_per_execution",
        [],
        "Compare these Keras steps_per_execution values (in both precisions, FusedAdam) instead.",
    )
    flags.DEFINE_bool(
        "precision",
        False,
        "Compare the plain discriminator in float32 and in mixed_bfloat16 (both with FusedAdam) "
        "instead of comparing optimizers.",
    )
    app.run(main)
