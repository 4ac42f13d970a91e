"""Maximum-likelihood (teacher-forced) pretraining of a generator with `model.fit`."""

import keras

from tf_hebbgan.optimizers.adam import Adam


def compile_for_mle(
    generator, learning_rate=0.01, grad_clip=5.0, jit_compile=True, steps_per_execution=1
):
    """Compiles `generator` for MLE: Adam (SeqGAN's settings) and sparse cross-entropy.

    SeqGAN uses TF1's Adam (epsilon 1e-8) with a global-norm clip of 5.0; the loss is the mean
    per-token negative log-likelihood, which is what Keras' sparse cross-entropy computes on
    `(B, T)` labels and `(B, T, V)` logits. `steps_per_execution` is Keras' own: that many
    training steps per call of the compiled function. The optimizer is Keras' Adam, clipping
    after the sum over replicas under `tf.distribute` (`tf_hebbgan.optimizers.Adam`).
    """
    generator.compile(
        optimizer=Adam(learning_rate, epsilon=1e-8, global_clipnorm=grad_clip),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        jit_compile=jit_compile,
        steps_per_execution=steps_per_execution,
    )
    return generator
