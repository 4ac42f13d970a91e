"""The paper-size workloads the discriminator benchmarks share: random labelled sequences, a
compiled `CNNDiscriminator` (SeqGAN's sizes, vocabulary 5000, length 20) and its training step
outside `fit`."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.models import CNNDiscriminator

VOCABULARY_SIZE, LENGTH = 5000, 20


def random_sequences(count, seed=0):
    """`count` random token sequences `(count, 20)` and random 0 / 1 labels `(count,)`."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, VOCABULARY_SIZE, (count, LENGTH)).astype("int32")
    y = rng.integers(0, 2, count).astype("int32")
    return x, y


def compiled_discriminator(
    optimizer, jit_compile=False, metrics=None, steps_per_execution=1, **kwargs
):
    """A built, compiled paper-size `CNNDiscriminator` (seed 0); `kwargs` go to the model."""
    keras.utils.set_random_seed(0)
    discriminator = CNNDiscriminator(VOCABULARY_SIZE, LENGTH, **kwargs)
    discriminator.build()
    discriminator.compile(
        optimizer=optimizer,
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=metrics,
        jit_compile=jit_compile,
        steps_per_execution=steps_per_execution,
    )
    return discriminator


def training_step(discriminator):
    """A `tf.function` training step `(tokens, labels) -> loss` of a compiled discriminator,
    outside Keras' `fit`: its loss (sparse cross-entropy on logits) and optimizer."""
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = discriminator.optimizer
    optimizer.build(discriminator.trainable_variables)

    @tf.function
    def step(tokens, labels):
        with tf.GradientTape() as tape:
            loss = loss_fn(labels, discriminator(tokens, training=True))
        variables = discriminator.trainable_variables
        optimizer.apply(tape.gradient(loss, variables), variables)
        return loss

    return step
