"""`NLLOracleCallback`: NLL-oracle and NLL-test in the epoch logs every few epochs."""

import keras

from tf_hebbgan.metrics.nll import nll_oracle, nll_test


class NLLOracleCallback(keras.callbacks.Callback):
    """Adds `nll_oracle` and `nll_test` to the logs every `every` epochs, and after the first
    and the last epoch of each `fit` call.

    The figures then reach every later callback (History, CSVLogger, TensorBoard). The first
    epoch of a call is always evaluated because `CSVLogger` fixes its columns from the keys of
    the first epoch it sees, also when a resumed run appends to its file. Evaluation samples use
    a fixed seed per epoch, so reruns evaluate identically.

    Args:
        oracle: the `OracleLSTM` that scores generator samples.
        test_tokens: held-out oracle samples `(N, T)` for NLL-test.
        every: evaluation period in epochs.
        num_samples: generator samples per NLL-oracle evaluation.
        seed: base seed of the evaluation samples.
    """

    def __init__(self, oracle, test_tokens, every=5, num_samples=10000, seed=0):
        super().__init__()
        self.oracle = oracle
        self.test_tokens = test_tokens
        self.every = every
        self.num_samples = num_samples
        self.seed = seed

    def on_train_begin(self, logs=None):
        self._first_epoch = None

    def on_epoch_end(self, epoch, logs=None):
        if self._first_epoch is None:
            self._first_epoch = epoch
        due = (epoch + 1) % self.every == 0 or epoch + 1 == self.params.get("epochs")
        if logs is None or not (due or epoch == self._first_epoch):
            return
        logs["nll_oracle"] = nll_oracle(
            self.model, self.oracle, self.num_samples, seed=self.seed + epoch
        )
        logs["nll_test"] = nll_test(self.model, self.test_tokens)
