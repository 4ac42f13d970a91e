"""One experiment in one workdir: data, model, training, evaluation, and what is saved.

Workdir layout (`run_reader` reads it back: generator, figures, samples):
    config.json       the resolved Config of the run (a rerun must match it)
    mle_checkpoints/  MLE state after every epoch (generator, optimizer, epoch; a few MB)
    vocabulary.txt    a text run's vocabulary, one token per line in id order
    checksums.json    SHA-256 of config.json and vocabulary.txt, checked by every command
    history.csv       per-epoch loss, epoch_seconds and the evaluation figures
    tensorboard/      the same scalars for TensorBoard
    generator_mle.keras, mle_results.json   the generator and figures after MLE pretraining
    discriminator_mle.*  the discriminator an interleaved MLE trained with it (LeakGAN's)
    checkpoints/      the adversarial phase's `SafeCheckpoints` (SeqGAN runs; the newest only,
                      once the run has finished)
    generator.keras   the trained generator (written when training ends)
    results.json      final figures; its presence marks a finished run. A SeqGAN run's
                      epoch_seconds_median is its adversarial epoch's (training only, in the
                      run's last process), MLE's timing is under mle_epoch_seconds_median and
                      mle_train_seconds

Nothing is written before the config has been checked completely (fields, the workdir, the
pretrained start), and a start that fails before it saved anything a resume would use takes
back what it wrote, so the corrected command starts. One process trains in a workdir at a time
(`WorkdirLock`); readers say when what they read is not final. A saved model that
cannot be read falls back to the newest good checkpoint, and says so.
"""

import os
import sys

import keras
import tensorflow as tf

from tf_hebbgan import run_checksums
from tf_hebbgan.config import Config
from tf_hebbgan.distribute import is_chief, worker_id
from tf_hebbgan.files import copy_file, read_json, temporary_path, write_json
from tf_hebbgan.trainers import tensorboard_hparams
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.evaluation import metric_names
from tf_hebbgan.trainers.families import adversarial_phase
from tf_hebbgan.trainers.mle_phase import (
    CHECKPOINT_DIR,
    MLE_PHASE,
    build_generator,
    pretrain_mle,
    restore_mle_generator,
)
from tf_hebbgan.trainers.progress import redraws_in_place
from tf_hebbgan.trainers.run_data import load_run_data
from tf_hebbgan.trainers.run_estimate import RunEstimate
from tf_hebbgan.trainers.run_precision import pin_precision, precision_results
from tf_hebbgan.trainers.run_reader import (  # noqa: F401 (the reading side, here too)
    _read_generator,
    evaluate,
    is_text_run,
    load_generator,
    sample,
    sample_lines,
    sample_text,
)
from tf_hebbgan.trainers.workdir_checks import (  # noqa: F401 (the run's file names, here too)
    ADVERSARIAL_CHECKPOINT_DIR,
    CONFIG_FILE,
    GENERATOR_FILE,
    MLE_GENERATOR_FILE,
    MLE_RESULTS_FILE,
    RESULTS_FILE,
    VOCABULARY_FILE,
    check_start,
    check_vocabulary,
    earlier_results,
    empty_workdir,
    extend_run,
    holds_saved_work,
    pretraining_files,
)
from tf_hebbgan.workdir_lock import WorkdirLock

MLE_TIMING = ("epoch_seconds_median", "train_seconds")  # Of the MLE fit, in mle_results.json.

__all__ = [
    "build_generator",
    "evaluate",
    "load_generator",
    "oracle_data",
    "sample",
    "sample_text",
    "train",
]


# === The run ===


def oracle_data(config):
    """The oracle and its train / test token splits for `config` (the synthetic benchmark)."""
    data = load_run_data(config)
    return data.oracle, data.train_tokens, data.test_tokens


def train(config, workdir, verbose="auto", callbacks=(), strategy=None, mle_only=False):
    """Runs (or resumes, or finds finished) the run of `config` in `workdir`; returns results.

    MLE pretraining comes first; with `adversarial_epochs > 0` SeqGAN's discriminator
    pretraining and adversarial phase follow. `callbacks` are extra Keras callbacks for the MLE
    `fit`, run after the library's own (so they see the evaluation figures, and an interruption
    from one finds the epoch already saved).

    `strategy`: a `tf.distribute` strategy to train under (`tf_hebbgan.distribute
    .make_strategy`); `config.batch_size` is the global batch, split between the replicas.
    Under a multi-worker strategy every worker runs this same call: worker 0 writes
    `workdir`, worker i > 0 its own copy in `workdir.worker_i` (the same state, from which it
    resumes; it may be deleted once the run has finished).

    `verbose`: 0 silent, 1 a progress bar, 2 a line per epoch (or step); `"auto"` is 1 on a
    terminal or in a notebook and 2 otherwise, so that a log file holds lines, not redraws.

    `mle_only`: stop once the MLE start is saved and return its figures, writing no
    `results.json`: the run in `workdir` is not finished, and a later call without it goes on
    to the adversarial phase from that start.
    """
    if verbose == "auto":
        verbose = 1 if redraws_in_place(sys.stdout) else 2
    strategy = strategy or tf.distribute.get_strategy()
    if config.batch_size % strategy.num_replicas_in_sync:
        raise ValueError(
            f"batch_size {config.batch_size} does not split evenly over the strategy's "
            f"{strategy.num_replicas_in_sync} replicas."
        )
    if not is_chief(strategy):
        workdir = f"{os.path.normpath(workdir)}.worker_{worker_id(strategy)}"
    check_start(config, workdir)
    created = not os.path.exists(workdir)
    os.makedirs(workdir, exist_ok=True)
    try:
        with WorkdirLock(workdir):
            return _train_locked(config, workdir, strategy, verbose, callbacks, mle_only)
    finally:
        if created and not os.listdir(workdir):
            os.rmdir(workdir)  # A failed start leaves no new directory behind.


def _train_locked(config, workdir, strategy, verbose, callbacks, mle_only=False):
    """`train` once `workdir` is held: checks what the run wrote, trains, writes results."""
    run_checksums.check(workdir)
    results_path = os.path.join(workdir, RESULTS_FILE)
    config_path = os.path.join(workdir, CONFIG_FILE)
    if os.path.exists(config_path) and Config.from_json(config_path) != config:
        extend_run(workdir, config)  # check_start allowed it: more adversarial epochs.
    if os.path.exists(results_path):
        return read_json(results_path)
    fresh = not os.path.exists(config_path)
    try:
        with strategy.scope():
            results = _train(config, workdir, verbose, callbacks, mle_only)
    except Exception:
        if fresh and not holds_saved_work(workdir):
            empty_workdir(workdir)  # Nothing of worth was written: the corrected command may start.
        raise
    if mle_only:
        return results
    if strategy.num_replicas_in_sync > 1:
        results["replicas"] = strategy.num_replicas_in_sync
    if config.adversarial_epochs > 0:
        results.update(precision_results(config, workdir))
    earlier = earlier_results(workdir)
    if earlier:
        results["continued_from"] = earlier  # The adversarial epochs of each earlier finish.
    tensorboard_hparams.write_final(workdir, results)  # Before: a resume writes it again.
    write_json(results_path, results)
    _prune_finished(workdir)
    return results


def _train(config, workdir, verbose, callbacks, mle_only=False):
    """The body of `train`, under its strategy; returns the results to write."""
    keras.utils.set_random_seed(config.seed)
    data = load_run_data(config)  # Bad data fails here, before anything is written.
    check_vocabulary(data, workdir)
    if config.adversarial_epochs > 0:  # So does data too small for the method.
        adversarial_phase(config).check_data(config, data)
    mle_results_path = os.path.join(workdir, MLE_RESULTS_FILE)
    pretrained = {}
    if config.pretrained_workdir and not os.path.exists(mle_results_path):
        pretrained = pretraining_files(config)
        _read_generator(os.path.join(config.pretrained_workdir, pretrained[MLE_GENERATOR_FILE]))
    if not os.path.exists(os.path.join(workdir, CONFIG_FILE)):
        write_json(os.path.join(workdir, CONFIG_FILE), config.to_dict())
    if data.is_text and not os.path.exists(os.path.join(workdir, VOCABULARY_FILE)):
        data.corpus.vocabulary.save(os.path.join(workdir, VOCABULARY_FILE))
    # From here on the run computes in the precision chosen at its first start.
    config = pin_precision(config, workdir, tf.distribute.get_strategy())
    if not os.path.exists(os.path.join(workdir, run_checksums.CHECKSUM_FILE)):
        run_checksums.record(workdir)
    extra = {}
    if config.adversarial_epochs > 0:  # The discriminator's, as in results.json.
        extra["precision_used"] = config.precision
    tensorboard_hparams.write_hparams(config, workdir, metric_names(data), extra)
    for target, name in pretrained.items():  # The results file last.
        copy_file(os.path.join(config.pretrained_workdir, name), os.path.join(workdir, target))
    generator = None
    estimate, probe = _run_estimate(config, data)
    if not os.path.exists(mle_results_path):
        generator, results = pretrain_mle(
            config,
            workdir,
            data,
            verbose,
            callbacks,
            estimate,
            probe,
            _mle_companion(config, data, workdir, verbose),
        )
        _save_generator(generator, workdir, MLE_GENERATOR_FILE)
        write_json(mle_results_path, results)
        if config.adversarial_epochs > 0 and not mle_only:
            # The adversarial phase starts as a run resumed at this point does: from the saved
            # generator, with the random state a new process has here (it initialises the
            # discriminator), so that a run killed between the phases resumes bit for bit.
            keras.utils.set_random_seed(config.seed)
            data = load_run_data(config)
            generator = None
    results = read_json(mle_results_path)
    if mle_only:
        return results
    if generator is None:
        generator = _mle_generator(config, workdir, data)

    if config.adversarial_epochs > 0:
        adversarial = adversarial_phase(config).train_adversarial(
            config,
            workdir,
            data,
            generator,
            verbose=verbose,
            estimate=estimate,
        )
        # MLE's figures and timing keep their names with an mle_ prefix; epoch_seconds_median
        # becomes the adversarial epoch's (of the last process, if the run was resumed).
        start = {f"mle_{key}": results[key] for key in metric_names(data) if key in results}
        timing = {f"mle_{key}": results.pop(key) for key in MLE_TIMING if key in results}
        results = {
            **results,
            **timing,
            **start,
            "preset": config.preset,  # The MLE figures may come from another recipe's run.
            "adversarial_epochs": config.adversarial_epochs,
            **adversarial,
        }
    _save_generator(generator, workdir, GENERATOR_FILE)
    return results


def _mle_companion(config, data, workdir, verbose):
    """What the method trains with MLE (its module's `mle_companion`), as `pretrain_mle`'s
    `companion`, or None."""
    make = getattr(adversarial_phase(config), "mle_companion", None)
    if make is None:
        return None
    return lambda generator, tokens: make(config, data, generator, tokens, workdir, verbose)


def _run_estimate(config, data):
    """The run's `RunEstimate` (MLE, then the adversarial method's phases) and what times the
    later phases ahead, on copies (None under several replicas: each phase times itself)."""
    method = adversarial_phase(config) if config.adversarial_epochs > 0 else None
    later = method.phases(config) if method else []
    estimate = RunEstimate([(MLE_PHASE, "epoch", config.mle_epochs), *later])
    if method is None or tf.distribute.get_strategy().num_replicas_in_sync > 1:
        return estimate, None
    return estimate, lambda: method.probe(config, data, build_generator(config, data))


def _prune_finished(workdir):
    """A finished run keeps the newest checkpoint of each phase only.

    The adversarial one is the whole GAN (discriminator and optimizers included) and the
    fallback for `generator.keras`; the MLE one is the fallback for `generator_mle.keras`.
    """
    for name in (ADVERSARIAL_CHECKPOINT_DIR, CHECKPOINT_DIR):
        SafeCheckpoints(None, os.path.join(workdir, name)).prune(keep=1)


# === Saved generators, with fallbacks ===


def _save_generator(generator, workdir, name):
    partial = temporary_path(os.path.join(workdir, name), suffix=".keras")
    try:
        generator.save(partial)
        keras.saving.load_model(partial)  # Verified readable before it replaces anything.
        os.replace(partial, os.path.join(workdir, name))
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def _mle_generator(config, workdir, data):
    """The MLE generator to start the adversarial phase from, with fallbacks.

    `generator_mle.keras`; if it cannot be read and the adversarial phase has begun, a fresh
    generator (its checkpoint holds the weights); else the MLE phase's final checkpoint with
    its optimizer (and, with early stopping, the best epoch's weights), as the file holds.
    """
    path = os.path.join(workdir, MLE_GENERATOR_FILE)
    try:
        if not os.path.exists(path):
            raise ValueError(f"{workdir} holds no {MLE_GENERATOR_FILE}.")
        return _read_generator(path)
    except ValueError as error:
        if SafeCheckpoints(None, os.path.join(workdir, ADVERSARIAL_CHECKPOINT_DIR)).paths():
            print(
                f"{error} The adversarial checkpoint holds the generator; going on from it.",
                file=sys.stderr,
            )
            return build_generator(config, data)
        generator = restore_mle_generator(config, workdir, data)
        if generator is None:
            raise ValueError(
                f"{error} No MLE checkpoint to fall back to; remove {MLE_RESULTS_FILE} to "
                "pretrain again (nothing was changed)."
            ) from None
        print(
            f"{error} Using the generator and optimizer of the final MLE checkpoint instead.",
            file=sys.stderr,
        )
        return generator
