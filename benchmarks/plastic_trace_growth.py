"""Why the stateful plastic discriminators clip their trace: loss and trace per epoch.

    python benchmarks/plastic_trace_growth.py [--plasticity output_stateful] [--epochs 4]

Trains the paper-size `CNNDiscriminator` with a stateful trace on random sequences with
random labels (4,992 per epoch, batch 64, FusedAdam 1e-4, no dropout) once with the trace
unbounded and once with the default clip, and prints per epoch the training loss, the
largest |trace| entry and the largest alpha. Unbounded, the Hebbian loop gain `alpha * |x|^2`
over 1,720 ReLU features is far above 1 and the trace grows geometrically to inf / NaN.
"""

import tensorflow as tf
from absl import app, flags
from workloads import compiled_discriminator, random_sequences

from tf_hebbgan.optimizers import FusedAdam

FLAGS = flags.FLAGS


def main(argv):
    del argv
    x, y = random_sequences(4992)
    for trace_clip in (None, 1.0):
        discriminator = compiled_discriminator(
            FusedAdam(1e-4), dropout=0.0, plasticity=FLAGS.plasticity, trace_clip=trace_clip
        )
        if FLAGS.plasticity == "highway_stateful":
            layer = discriminator.highway.transform
        else:
            layer = discriminator.output_layer
        for epoch in range(FLAGS.epochs):
            loss = discriminator.fit(x, y, batch_size=64, epochs=1, verbose=0).history["loss"][0]
            print(
                f"{FLAGS.plasticity} trace_clip={trace_clip} epoch {epoch}: loss {loss:.4g}, "
                f"max |trace| {float(tf.reduce_max(tf.abs(layer.trace))):.4g}, "
                f"max alpha {float(tf.reduce_max(layer.alpha)):.4f}",
                flush=True,
            )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_enum(
        "plasticity", "output_stateful", ["output_stateful", "highway_stateful"], "Variant."
    )
    flags.DEFINE_integer("epochs", 4, "Epochs per setting.")
    app.run(main)
