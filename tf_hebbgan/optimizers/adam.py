"""`Adam`: Keras' Adam, clipping the gradient of the global batch under `tf.distribute`."""

import keras
import tensorflow as tf


def _replicated():
    """True in a replica context of a strategy with more than one replica."""
    context = tf.distribute.get_replica_context()
    return context is not None and context.num_replicas_in_sync > 1


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class Adam(keras.optimizers.Adam):
    """`keras.optimizers.Adam` whose gradient clipping sees the global batch's gradient.

    Under a `tf.distribute` strategy Keras 3 clips each replica's gradient (`global_clipnorm`,
    `clipnorm`, `clipvalue`) *before* it sums them over the replicas, so a run on n devices
    clips another gradient than the same global batch on one device (at n = 2, a clip at 5.0
    acts on two half-gradients whose sum may be up to 10 long). This class sums first, then
    clips, then updates: the update of the global batch, as on one device (tested under a
    `MirroredStrategy` of two devices and with two workers). On one device, or outside a
    strategy, it is `keras.optimizers.Adam` exactly. Not with `gradient_accumulation_steps`.
    """

    def _clip_gradients(self, grads):
        if _replicated():
            if self.gradient_accumulation_steps:
                raise ValueError(
                    "gradient_accumulation_steps is not supported under a tf.distribute "
                    "strategy with more than one replica."
                )
            grads = _all_reduce_sum(grads)
        return super()._clip_gradients(grads)

    def _all_reduce_sum_gradients(self, grads_and_vars):
        if _replicated():  # Summed in `_clip_gradients` already.
            return list(grads_and_vars)
        return super()._all_reduce_sum_gradients(grads_and_vars)


def _all_reduce_sum(grads):
    """The sum over replicas of each gradient (None kept)."""
    present = [grad for grad in grads if grad is not None]
    summed = iter(
        tf.distribute.get_replica_context().all_reduce(tf.distribute.ReduceOp.SUM, present)
    )
    return [None if grad is None else next(summed) for grad in grads]
