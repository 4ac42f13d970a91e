"""The MLE phase of a run in its workdir: `model.fit` with checkpoints that resume bit for bit.

After every epoch the generator, its optimizer and the epoch count go to `SafeCheckpoints` in
`WORKDIR/mle_checkpoints` (a few MB). A resumed run restores the newest good checkpoint and
replays the data order from there: the epochs' shuffles come from one seeded `tf.data`
shuffle that reshuffles per iteration, advanced past the finished epochs, so a killed and
resumed run trains on exactly the batches of an uninterrupted one (tested with SIGKILL).
`history.csv` is cut back to the restored epoch, so no epoch appears twice. With
`mle_validation_size`, MLE holds out that many training sequences and keeps its epoch of lowest
validation NLL (`early_stopping.BestEpoch`, its state in the same checkpoint).
"""

import csv
import io
import os
import statistics
import time

import keras
import tensorflow as tf

from tf_hebbgan.data.oracle_data import resumable_mle_dataset
from tf_hebbgan.distribute import check_same_on_workers
from tf_hebbgan.files import write_text
from tf_hebbgan.metrics.nll import nll_test
from tf_hebbgan.models.leakgan_generator import LeakGANGenerator
from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.models.relational_memory_generator import RelationalMemoryGenerator
from tf_hebbgan.trainers.adversarial import discriminator_filters
from tf_hebbgan.trainers.checkpoints import CheckpointError, SafeCheckpoints
from tf_hebbgan.trainers.early_stopping import BEST_DIR, BestEpoch, split_validation
from tf_hebbgan.trainers.epoch_timer import EpochTimer
from tf_hebbgan.trainers.evaluation import evaluate_generator, metric_names
from tf_hebbgan.trainers.evaluation_callback import EvaluationCallback
from tf_hebbgan.trainers.mle import compile_for_mle, steps_per_execution
from tf_hebbgan.trainers.progress import estimate_line, phase_line
from tf_hebbgan.trainers.run_estimate import RunEstimate

CHECKPOINT_DIR = "mle_checkpoints"
# The discriminator an interleaved MLE trained (LeakGAN's): `.index` and `.data-*` files.
MLE_DISCRIMINATOR = "discriminator_mle"
MLE_DISCRIMINATOR_FILES = (f"{MLE_DISCRIMINATOR}.data-00000-of-00001", f"{MLE_DISCRIMINATOR}.index")
HISTORY_FILE = "history.csv"
LEGACY_BACKUP_DIR = "backup"  # Keras BackupAndRestore state of older versions.
MLE_PHASE = "MLE pretraining"  # The phase's name in progress lines and the `RunEstimate`.


def _lstm_arguments(config, sequence_length):
    return dict(
        hidden_dim=config.hidden_dim,
        plastic_rule=config.generator_plastic_rule or None,
        neuromodulation=config.generator_neuromodulation or None,
    )


def _relational_memory_arguments(config, sequence_length):
    return dict(mem_slots=config.mem_slots, num_heads=config.num_heads, head_size=config.head_size)


def _leakgan_arguments(config, sequence_length):
    # The leak is SeqGAN's discriminator's body, as `adversarial.build_discriminator` makes it.
    filter_sizes, num_filters = discriminator_filters(config, sequence_length)
    return dict(
        hidden_dim=config.hidden_dim,
        goal_size=config.leak_goal_size,
        horizon=config.leak_horizon,
        filter_sizes=filter_sizes,
        num_filters=num_filters,
    )


# `Config.generator_cell` -> the generator class and its architecture's arguments.
GENERATORS = {
    "lstm": (LSTMGenerator, _lstm_arguments),
    "relational_memory": (RelationalMemoryGenerator, _relational_memory_arguments),
    "leakgan": (LeakGANGenerator, _leakgan_arguments),
}


def build_generator(config, data):
    """A new, built generator of `config`'s architecture for `data`'s (a `RunData`, or the
    oracle) vocabulary, length, start and end tokens."""
    generator_class, arguments = GENERATORS[config.generator_cell]
    return generator_class(
        vocabulary_size=data.vocabulary_size,
        embedding_dim=config.embedding_dim,
        sequence_length=data.sequence_length,
        start_token=data.start_token,
        seed=config.seed,
        end_token=getattr(data, "end_token", None),
        **arguments(config, data.sequence_length),
    )


class PhaseEstimate(keras.callbacks.Callback):
    """After the second epoch this process trains (the first includes tracing), one line: the
    time an epoch takes, the MLE phase's remaining time, and the phases after it with the whole
    run's, from the run's `RunEstimate`.

    `probe`, if given, is called there (once the run is seen to last more than these epochs) to
    time the later phases ahead: it returns `{phase name: seconds a unit}`.
    """

    def __init__(self, first, estimate=None, early_stopping=False, probe=None):
        super().__init__()
        self.first = first
        self.estimate = estimate or RunEstimate([(MLE_PHASE, "epoch", 0)])
        self.probe = probe
        self.phase = MLE_PHASE + " (early stopping may end it sooner)" * early_stopping

    def on_epoch_end(self, epoch, logs=None):
        remaining = self.params.get("epochs", 0) - (epoch + 1)
        if epoch - self.first != 1 or remaining <= 0 or not logs or "epoch_seconds" not in logs:
            return
        self.estimate.timed(MLE_PHASE, logs["epoch_seconds"], done=epoch + 1)
        if self.probe is not None and self.estimate.untimed_after(MLE_PHASE):
            for name, seconds in self.probe().items():
                self.estimate.timed(name, seconds)
        later = self.estimate.after(MLE_PHASE)
        line = estimate_line(self.phase, logs["epoch_seconds"], remaining, "epoch", later)
        print(f"\n{line}" if self.params.get("verbose") == 1 else line)  # Off the bar's line.


class SampleSummary(keras.callbacks.Callback):
    """Three samples to TensorBoard (`mle/samples`, in the `train` run) at every epoch the
    evaluation scored (its figures are in the logs), drawn with the evaluation's seed."""

    def __init__(self, directory, names, seed, vocabulary=None):
        super().__init__()
        self.directory = directory
        self.names = names
        self.seed = seed
        self.vocabulary = vocabulary

    def on_train_begin(self, logs=None):
        self._writer = None  # Made at the first evaluation: one events file a process.

    def on_epoch_end(self, epoch, logs=None):
        if not logs or not any(name in logs for name in self.names):
            return
        from tf_hebbgan.trainers.adversarial import write_samples

        if self._writer is None:
            self._writer = tf.summary.create_file_writer(self.directory)
        with self._writer.as_default(step=epoch + 1):
            write_samples(self.model, self.seed + epoch, self.vocabulary, tag="mle/samples")
        self._writer.flush()


class EpochCheckpoint(keras.callbacks.Callback):
    """Saves the MLE state after every epoch (put it after the logging callbacks)."""

    def __init__(self, checkpoints, epoch):
        super().__init__()
        self.checkpoints = checkpoints
        self.epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.assign(epoch + 1)
        self.checkpoints.save()


def mle_checkpoints(generator, workdir, early_stopping=None, companion=None):
    """The MLE phase's `SafeCheckpoints` and its epoch counter (the optimizer must be built);
    with a `BestEpoch` callback, its state too, and a companion's `checkpoint_items()`."""
    epoch = tf.Variable(0, dtype=tf.int64, trainable=False, name="epoch")
    extra = {} if early_stopping is None else {"early_stopping": early_stopping.state()}
    if companion is not None:
        extra.update(companion.checkpoint_items())
    checkpoint = tf.train.Checkpoint(
        generator=generator, optimizer=generator.optimizer, epoch=epoch, **extra
    )
    return SafeCheckpoints(checkpoint, os.path.join(workdir, CHECKPOINT_DIR)), epoch


def truncate_history(path, epochs):
    """Keeps the header and the rows of the first `epochs` epochs of a CSVLogger file."""
    if not os.path.exists(path):
        return
    with open(path, newline="") as file:
        rows = list(csv.reader(file))
    if not rows:
        return
    kept = [rows[0]] + [row for row in rows[1:] if row and int(row[0]) < epochs]
    if epochs == 0:
        kept = []
    if len(kept) != len(rows):
        text = io.StringIO()
        csv.writer(text).writerows(kept)
        write_text(path, text.getvalue())


def _mle_setup(config, workdir, data):
    """The compiled generator (optimizer built), training tokens, `BestEpoch` or None, and
    steps per epoch of `config`'s MLE phase."""
    generator = build_generator(config, data)
    train_tokens, early_stopping = data.train_tokens, None
    held_out = config.validation_size(len(data.train_tokens))
    if held_out:
        train_tokens, validation = split_validation(data.train_tokens, held_out, config.data_seed)
        early_stopping = BestEpoch(validation, os.path.join(workdir, BEST_DIR), config.mle_patience)
    steps = len(train_tokens) // config.batch_size
    compile_for_mle(
        generator,
        config.mle_learning_rate,
        config.grad_clip,
        config.jit_compile,
        steps_per_execution=steps_per_execution(steps, config.mle_steps_per_execution),
    )
    generator.optimizer.build(generator.trainable_variables)
    return generator, train_tokens, early_stopping, steps


def restore_mle_generator(config, workdir, data):
    """The generator that MLE ended with, rebuilt from the phase's checkpoints, or None.

    What `generator_mle.keras` holds: the optimizer's state of the last epoch and, with early
    stopping, the best epoch's weights; a fallback for that file when it cannot be read.
    """
    generator, _, early_stopping, _ = _mle_setup(config, workdir, data)
    checkpoints, _ = mle_checkpoints(generator, workdir, early_stopping)
    try:
        if checkpoints.restore() is None:
            return None
        if early_stopping is not None:
            early_stopping.restore_best(generator)
    except (CheckpointError, ValueError, OSError):
        return None
    return generator


def pretrain_mle(
    config, workdir, data, verbose, callbacks=(), estimate=None, probe=None, companion=None
):
    """Runs (or resumes) MLE on `data` (a `RunData`); returns the generator and its figures.

    `estimate` is the run's `RunEstimate` and `probe` what times its later phases ahead
    (`PhaseEstimate`). `companion(generator, train_tokens)`, if given, returns a callback that
    trains another network with the generator's MLE (or None): its `checkpoint_items()` join
    the MLE checkpoint, its `best_models()` are kept with early stopping's best epoch, and
    `save_start(path)` writes it to `MLE_DISCRIMINATOR` when MLE ends (LeakGAN's
    `LeakRefresh`)."""
    generator, train_tokens, early_stopping, steps = _mle_setup(config, workdir, data)
    partner = companion(generator, train_tokens) if companion is not None else None
    if partner is not None and early_stopping is not None:
        early_stopping.companions = partner.best_models()
    checkpoints, epoch = mle_checkpoints(generator, workdir, early_stopping, partner)
    if checkpoints.restore() is None and os.path.isdir(os.path.join(workdir, LEGACY_BACKUP_DIR)):
        print(
            f"{os.path.join(workdir, LEGACY_BACKUP_DIR)} holds an older version's MLE backup, "
            "which cannot resume bit for bit: MLE starts anew and leaves it as it is."
        )
    first = int(epoch.numpy())
    check_same_on_workers(first, "MLE epoch")
    history_path = os.path.join(workdir, HISTORY_FILE)
    truncate_history(history_path, first)
    dataset = resumable_mle_dataset(
        train_tokens,
        config.batch_size,
        data.vocabulary_size,
        config.seed,
        first_epoch=first,
        end_token=data.end_token,
    )

    def evaluate(model, seed):
        return evaluate_generator(model, data, config.num_eval_samples, seed)

    callbacks = [
        EpochTimer(),
        *([partner] if partner else []),  # Its rounds count in the epoch's time.
        *([early_stopping] if early_stopping else []),
        EvaluationCallback(evaluate, config.eval_every, seed=config.seed),
        *([PhaseEstimate(first, estimate, bool(early_stopping), probe)] if verbose else []),
        SampleSummary(
            os.path.join(workdir, "tensorboard", "train"),
            metric_names(data),
            config.seed,
            data.corpus.vocabulary if data.is_text else None,
        ),
        keras.callbacks.CSVLogger(history_path, append=True),
        keras.callbacks.TensorBoard(
            os.path.join(workdir, "tensorboard"), write_graph=False, profile_batch=0
        ),
        EpochCheckpoint(checkpoints, epoch),
        *callbacks,
    ]
    stopped = early_stopping is not None and early_stopping.stopped(first)
    if verbose and not stopped and first < config.mle_epochs:
        print(phase_line(MLE_PHASE, config.mle_epochs, first, "epoch"), flush=True)
    start = time.perf_counter()
    history = generator.fit(
        dataset,
        initial_epoch=first,
        epochs=first if stopped else config.mle_epochs,  # A stopped run trains no more.
        steps_per_epoch=steps,
        callbacks=callbacks,
        verbose=verbose,
        shuffle=False,
    ).history
    last = config.mle_epochs - 1  # The last epoch is always evaluated, with this seed.
    figures = {key: values[-1] for key, values in history.items() if key in metric_names(data)}
    early = {}
    if early_stopping is not None:  # The best epoch's generator, scored afresh below.
        best = early_stopping.restore_best(generator)
        figures = {}
        early = {
            "mle_best_epoch": best + 1,
            "mle_epochs_trained": int(epoch.numpy()),
            "val_nll": float(early_stopping.best_nll.numpy()),
        }
    if partner is not None:  # Beside the generator it was trained with (the best epoch's).
        partner.save_start(os.path.join(workdir, MLE_DISCRIMINATOR))
    if not figures:  # Every epoch had finished before this process, or the best was kept.
        figures = evaluate(generator, config.seed + last)
    epoch_seconds = history.get("epoch_seconds", [])
    results = {
        "preset": config.preset,
        "seed": config.seed,
        "epochs": config.mle_epochs,
        **figures,
        **early,
        "train_seconds": time.perf_counter() - start,  # This process's share.
    }
    if not data.is_text:  # The oracle's own NLL-test: its entropy rate, the collapse floor.
        results["oracle_nll_test"] = nll_test(data.oracle, data.test_tokens)
    if epoch_seconds:  # The first epoch of a process includes tracing and compilation.
        results["epoch_seconds_median"] = statistics.median(epoch_seconds[1:] or epoch_seconds)
    return generator, results
