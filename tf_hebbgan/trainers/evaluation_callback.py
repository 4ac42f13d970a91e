"""`EvaluationCallback`: the run's figures in the epoch logs every few epochs."""

import keras


class EvaluationCallback(keras.callbacks.Callback):
    """Adds `evaluate(model, seed)`'s figures to the logs every `every` epochs, and after the
    first and the last epoch of each `fit` call.

    The figures then reach every later callback (History, CSVLogger, TensorBoard). The first
    epoch of a call is always evaluated because `CSVLogger` fixes its columns from the keys of
    the first epoch it sees, also when a resumed run appends to its file. Epoch `e` samples
    with `seed + e`, so reruns evaluate identically.

    Args:
        evaluate: `evaluate(model, seed) -> {name: value}` (`evaluation.evaluate_generator`).
        every: evaluation period in epochs.
        seed: base seed of the evaluation samples.
    """

    def __init__(self, evaluate, every=5, seed=0):
        super().__init__()
        self.evaluate = evaluate
        self.every = every
        self.seed = seed

    def on_train_begin(self, logs=None):
        self._first_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        if self._first_epoch is None:
            self._first_epoch = epoch
        due = (epoch + 1) % self.every == 0 or epoch + 1 == self.params.get("epochs")
        if logs is None or not (due or epoch == self._first_epoch):
            return
        logs.update(self.evaluate(self.model, self.seed + epoch))
