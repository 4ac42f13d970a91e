"""Early stopping of MLE on a validation split of the training data: the strongest MLE baseline.

The rule: after every epoch, the generator's NLL of the held-out validation sequences (never
the test set); the generator keeps the weights of the epoch of lowest validation NLL (the
first such epoch on ties), and training stops once `patience` epochs have passed without a
lower one. Keras' `EarlyStopping` does the same within one `fit` call, but its best weights
and counters live in memory: a run killed and resumed would forget them. Here they live in
the MLE checkpoint (the best epoch and value; whether it stopped follows from them and the
epoch count) and in a weights file per best epoch, so a resumed run stops at the same epoch
with the same weights as an uninterrupted one.
"""

import glob
import os

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.metrics.nll import nll_test

BEST_DIR = "mle_best"  # In the workdir: the best epoch's generator weights.


def split_validation(tokens, size, seed):
    """`(train, validation)`: `size` of `tokens` `(N, T)` held out, chosen by a permutation of
    `seed` (the data's seed, so every model seed shares one split); the rest keeps its order."""
    if not 0 < size < len(tokens):
        raise ValueError(
            f"mle_validation_size must lie in (0, {len(tokens)}) for {len(tokens)} training "
            f"sequences; got {size}."
        )
    held_out = np.zeros(len(tokens), bool)
    held_out[np.random.default_rng(seed).permutation(len(tokens))[:size]] = True
    return tokens[~held_out], tokens[held_out]


def best_epoch(values):
    """The index of the lowest of the per-epoch `values` (the first, on ties)."""
    return int(np.argmin(values))


def should_stop(epoch, best, patience):
    """Whether epoch `epoch` (0-based) ends training: `patience` epochs after the best one
    passed without a lower value (`patience` 0: never)."""
    return patience > 0 and epoch - best >= patience


class BestEpoch(keras.callbacks.Callback):
    """Scores every epoch on `validation` tokens, keeps the best epoch's weights, stops late
    epochs; put it before the logging callbacks (it adds `val_nll` to the logs) and before
    the callback that saves `state()` in the MLE checkpoint.

    Args:
        validation: held-out training sequences `(N, T)`.
        directory: where the best epoch's weights go (`epoch_E.weights.h5`).
        patience: see `should_stop`.
        companions: `{name: model}` trained beside the fitted one, whose weights are kept
            and restored with the best epoch's (`epoch_E.<name>.weights.h5`): LeakGAN's
            discriminator, whose body the generator reads.
    """

    def __init__(self, validation, directory, patience, companions=None):
        super().__init__()
        self.validation = validation
        self.directory = directory
        self.patience = patience
        self.companions = dict(companions or {})
        self.best = tf.Variable(-1, dtype=tf.int64, trainable=False, name="best_epoch")
        self.best_nll = tf.Variable(np.inf, dtype=tf.float64, trainable=False, name="best_nll")

    def state(self):
        """The checkpointable state: the best epoch and its validation NLL."""
        return tf.train.Checkpoint(best=self.best, best_nll=self.best_nll)

    def stopped(self, epochs):
        """Whether a run that has trained `epochs` epochs had stopped by the rule."""
        return epochs > 0 and should_stop(epochs - 1, int(self.best.numpy()), self.patience)

    def weights_path(self, epoch, name=None):
        """The best epoch's weights file: the fitted model's, or companion `name`'s."""
        return os.path.join(self.directory, f"epoch_{epoch}.{name + '.' if name else ''}weights.h5")

    def on_epoch_begin(self, epoch, logs=None):
        # Files of epochs that the checkpoint no longer names as best (left by a kill between
        # writing a new best's weights and the checkpoint that records it).
        best = int(self.best.numpy())
        keep = {self.weights_path(best), *(self.weights_path(best, n) for n in self.companions)}
        for path in glob.glob(os.path.join(self.directory, "epoch_*.weights.h5")):
            if path not in keep:
                os.remove(path)

    def on_epoch_end(self, epoch, logs=None):
        value = nll_test(self.model, self.validation)
        if logs is not None:
            logs["val_nll"] = value
        if value < self.best_nll.numpy():
            os.makedirs(self.directory, exist_ok=True)
            self.model.save_weights(self.weights_path(epoch))
            for name, model in self.companions.items():
                model.save_weights(self.weights_path(epoch, name))
            self.best.assign(epoch)
            self.best_nll.assign(value)
        if self.stopped(epoch + 1):
            self.model.stop_training = True

    def restore_best(self, model):
        """Loads the best epoch's weights into `model` (and the companions'); returns that
        epoch (0-based)."""
        epoch = int(self.best.numpy())
        if epoch < 0:
            raise ValueError(f"{self.directory}: no epoch has been scored on validation yet.")
        model.load_weights(self.weights_path(epoch))
        for name, companion in self.companions.items():
            companion.load_weights(self.weights_path(epoch, name))
        return epoch
