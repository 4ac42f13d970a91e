"""`LeakRefresh`: LeakGAN's interleaved pretraining, as a callback of the generator's MLE `fit`.

LeakGAN's generator reads a copy of the discriminator's body, so its likelihood depends on
those exact features: trained by MLE on one discriminator's features and then handed another's,
it falls back to near uniform (a LeakGAN generator scored 2.99 nats a token with its own leak
and 8.96 with a fresh discriminator's). LeakGAN's public code therefore trains the two
together: before every tenth of the MLE epochs, 5 discriminator rounds on fresh samples, then
the leak is refreshed, so MLE always learns on the features the generator will read next.

Every `every` epochs this callback runs `rounds` rounds of a `LeakGANTrainer` (SeqGAN's
rounds: fresh negatives from the generator being fitted, the training set as positives) and
refreshes the leak. The discriminator, its optimizer and its layers' seed states join the MLE
checkpoint (`checkpoint_items()`), so a killed run replays the same rounds bit for bit; with
early stopping, the discriminator of the best epoch is kept beside its generator
(`best_models()`). `save_start(path)` writes the discriminator that MLE ends with, which the
adversarial phase starts from (`leakgan_phase`).
"""

import os

import keras
import tensorflow as tf

from tf_hebbgan.trainers.adversarial import discriminator_rounds, warn_if_blind
from tf_hebbgan.trainers.seqgan_trainer import layer_seed_states

REFRESH_STAGE = 2  # The rounds' seeds: apart from discriminator pretraining (0) and epochs (1).


def refresh_epochs(every, epochs):
    """The 0-based epochs of `epochs` before which the discriminator trains and the leak is
    refreshed: the first, then every `every`-th.

    >>> refresh_epochs(8, 20)
    [0, 8, 16]
    """
    return list(range(0, epochs, every)) if every else []


def _discriminator_items(discriminator):
    """The discriminator, its optimizer and its layers' seed states, as checkpoint items."""
    return dict(
        discriminator=discriminator,
        discriminator_optimizer=discriminator.optimizer,
        discriminator_seeds=layer_seed_states(discriminator),
    )


class LeakRefresh(keras.callbacks.Callback):
    """Discriminator rounds and a leak refresh before every `config.leak_refresh_every`-th
    MLE epoch.

    Args:
        trainer: the run's `LeakGANTrainer` around the generator being fitted.
        config: the run's `Config` (the rounds' counts and seeds).
        train_tokens: the positives of the rounds `(N, T)`: the MLE training sequences.
        summary_dir: where the rounds' losses and accuracies go (TensorBoard), or None.
        verbose: print a line after each refresh.

    Example:

    ```python
    import numpy as np

    from tf_hebbgan.config import load_preset
    from tf_hebbgan.models import CNNDiscriminator, LeakGANGenerator
    from tf_hebbgan.trainers import LeakGANTrainer
    from tf_hebbgan.trainers.mle import compile_for_mle

    config = load_preset("leakgan_tiny")  # a round and a refresh before every MLE epoch
    config.discriminator_negatives, config.batch_size = 16, 4
    sizes = dict(goal_size=3, leak_embedding_dim=8, filter_sizes=(1, 2), num_filters=(3, 3))
    generator = LeakGANGenerator(10, 4, 4, sequence_length=5, **sizes)
    rollout = LeakGANGenerator(10, 4, 4, sequence_length=5, **sizes)
    discriminator = CNNDiscriminator(10, 5, 8, (1, 2), (3, 3))
    trainer = LeakGANTrainer(generator, rollout, discriminator, batch_size=4)
    train_tokens = np.random.default_rng(0).integers(0, 10, (16, 5)).astype("int32")
    compile_for_mle(generator, jit_compile=False)
    refresh = LeakRefresh(trainer, config, train_tokens)
    generator.fit(train_tokens, train_tokens, epochs=2, callbacks=[refresh], verbose=0)
    ```
    """

    def __init__(self, trainer, config, train_tokens, summary_dir=None, verbose=False):
        super().__init__()
        self.trainer = trainer
        self.config = config
        self.train_tokens = train_tokens
        self.summary_dir = summary_dir
        self.verbose = verbose
        self._writer = None

    @property
    def discriminator(self):
        return self.trainer.discriminator

    def checkpoint_items(self):
        """What the MLE checkpoint must hold besides the generator for a bit-exact resume."""
        return _discriminator_items(self.discriminator)

    def best_models(self):
        """`{name: model}` whose weights early stopping keeps with the best epoch's: the
        discriminator, whose body the best generator's leak is a copy of."""
        return {"discriminator": self.discriminator}

    def on_epoch_begin(self, epoch, logs=None):
        due = refresh_epochs(self.config.leak_refresh_every, self.params["epochs"])
        if epoch not in due:
            return
        refresh = epoch // self.config.leak_refresh_every
        logs = discriminator_rounds(
            self.trainer,
            self.config,
            self.train_tokens,
            REFRESH_STAGE,
            refresh,
            self.config.leak_refresh_rounds,
        )  # Each round refreshes the leak (`LeakGANTrainer.discriminator_round`).
        self._summarise(epoch, logs)
        if self.verbose:
            figures = ", ".join(f"{name} {value:.3f}" for name, value in logs.items())
            rounds = self.config.leak_refresh_rounds
            print(
                f"Leak refresh before MLE epoch {epoch + 1}: {rounds} discriminator "
                f"round{'s' * (rounds > 1)} ({figures})",
                flush=True,
            )
        if epoch == due[-1]:
            warn_if_blind(logs, levers="leak_refresh_rounds")

    def _summarise(self, epoch, logs):
        if self.summary_dir is None:
            return
        if self._writer is None:
            self._writer = tf.summary.create_file_writer(self.summary_dir)
        with self._writer.as_default(step=epoch):
            for name, value in logs.items():
                tf.summary.scalar(f"leak_refresh/{name}", value)
        self._writer.flush()

    def save_start(self, path):
        """Writes the discriminator and its optimizer to the checkpoint prefix `path`, through
        a temporary prefix renamed into place (a reader never finds half of it)."""
        checkpoint = tf.train.Checkpoint(**self.checkpoint_items())
        partial = f"{path}.partial"
        written = checkpoint.write(partial)
        for suffix in (".index", ".data-00000-of-00001"):
            os.replace(written + suffix, path + suffix)

    @staticmethod
    def restore_start(path, trainer):
        """Loads the discriminator `save_start` wrote into `trainer`'s; a one-line error if
        the files are missing or unreadable."""
        if not os.path.exists(path + ".index"):
            raise ValueError(
                f"{path}.index is missing: this LeakGAN run's MLE trained its discriminator "
                "with the generator, and the adversarial phase must start from it. Remove "
                "mle_results.json to pretrain again."
            )
        items = _discriminator_items(trainer.discriminator)
        try:
            tf.train.Checkpoint(**items).read(path).assert_existing_objects_matched()
        except (tf.errors.OpError, AssertionError, ValueError) as error:
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            raise ValueError(
                f"{path} cannot be read ({reason}); remove mle_results.json to pretrain again."
            ) from None
        trainer.sync_leak()
