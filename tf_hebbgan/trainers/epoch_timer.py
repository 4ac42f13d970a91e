"""`EpochTimer`: puts each epoch's training time into the logs, before evaluation callbacks run."""

import time

import keras


class EpochTimer(keras.callbacks.Callback):
    """Adds `epoch_seconds` (wall time of the epoch's training steps) to the epoch logs.

    Put it first in the callback list: callbacks after it (evaluation, CSV, TensorBoard) see
    the figure, and their own time is not counted in it.
    """

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["epoch_seconds"] = time.perf_counter() - self._start
