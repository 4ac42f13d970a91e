"""Maximum-likelihood (teacher-forced) pretraining of a generator with `model.fit`."""

import keras
import tensorflow as tf

from tf_hebbgan.optimizers.adam import Adam


def steps_per_execution(steps_per_epoch, at_most, strategy=None):
    """The largest divisor of `steps_per_epoch` not above `at_most`; 1 under a `strategy`
    (default: the current one) of several replicas.

    Keras runs `steps_per_execution` steps per call; one that does not divide the epoch
    makes the last call short and the progress bar overshoot (160/156), or, on an endless
    dataset with `steps_per_epoch`, runs steps past the epoch's end. A divisor trains the
    same steps (bit for bit, tested) and counts them right. Under several replicas Keras'
    multi-step loop fails (a placeholder left unfed, Keras 3.15); the steps are the same.
    """
    strategy = strategy or tf.distribute.get_strategy()
    if strategy.num_replicas_in_sync > 1:
        return 1
    return max(d for d in range(1, min(at_most, steps_per_epoch) + 1) if steps_per_epoch % d == 0)


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
