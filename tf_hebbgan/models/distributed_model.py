"""`DistributedModel`: `keras.Model` whose `fit` runs under `MultiWorkerMirroredStrategy`."""

import keras
import tensorflow as tf


class DistributedModel(keras.Model):
    """A `keras.Model` (the base of the library's models) that `fit`s under every strategy.

    Two fixes for Keras 3.15 under `MultiWorkerMirroredStrategy` (keras-team/keras#20585):
    - Before training, `fit` draws one batch to build the model symbolically and merges its
      replicas' shares with `strategy.reduce("MEAN")`, which fails on the batch there (and
      under `MirroredStrategy` averages token ids). The build needs shapes and types only:
      here it builds from the first replica's share.
    - Each step's metrics are merged with `strategy.reduce("MEAN", value, axis=0)` (`fit`
      ignores `distribute_reduction_method` there), which fails on scalars. Here the step
      returns each metric as a vector of one, which that reduce turns into the mean over the
      replicas, a scalar, as on one worker.
    Nothing changes on one device or under `MirroredStrategy`.
    """

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        if iterator is not None and self._distribute_strategy is not None:
            strategy = self.distribute_strategy
            for _, _, batches in iterator:
                data_batch = tf.nest.map_structure(
                    lambda value: (
                        strategy.experimental_local_results(value)[0]
                        if isinstance(value, tf.distribute.DistributedValues)
                        else value
                    ),
                    next(batches),
                )
                break
            iterator = None
        return super()._maybe_symbolic_build(iterator=iterator, data_batch=data_batch)

    def train_step(self, data):
        return self.per_worker_logs(super().train_step(data))

    def per_worker_logs(self, logs):
        """A step's `logs` as `fit` can merge them: each value a vector of one under
        `MultiWorkerMirroredStrategy`, unchanged otherwise. A subclass with a `train_step` of
        its own returns its logs through this."""
        if tf.distribute.in_cross_replica_context() or not _multi_worker(self.distribute_strategy):
            return logs
        return {name: tf.reshape(value, [1]) for name, value in logs.items()}


def _multi_worker(strategy):
    return isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)
