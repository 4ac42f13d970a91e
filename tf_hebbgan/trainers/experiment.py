"""One experiment in one workdir: data, model, training, evaluation, and what is saved.

Workdir layout:
    config.json       the resolved Config of the run (a rerun must match it)
    backup/           Keras BackupAndRestore state while training (weights, optimizer, epoch)
    history.csv       per-epoch loss, epoch_seconds, nll_oracle, nll_test
    tensorboard/      the same scalars for TensorBoard
    generator_mle.keras, mle_results.json   the generator and figures after MLE pretraining
    checkpoints/      the adversarial phase's tf.train.CheckpointManager (SeqGAN runs)
    generator.keras   the trained generator (written when training ends)
    results.json      final figures; its presence marks a finished run. A SeqGAN run's
                      epoch_seconds_median is its adversarial epoch's (training only, in the
                      run's last process), MLE's timing is under mle_epoch_seconds_median and
                      mle_train_seconds
"""

import os
import statistics
import time
import zipfile

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.config import MLE_FIELDS, Config
from tf_hebbgan.data.oracle_data import mle_dataset, oracle_splits
from tf_hebbgan.files import copy_file, read_json, write_json
from tf_hebbgan.metrics.nll import nll_oracle, nll_test
from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.models.oracle_lstm import OracleLSTM
from tf_hebbgan.trainers.epoch_timer import EpochTimer
from tf_hebbgan.trainers.mle import compile_for_mle
from tf_hebbgan.trainers.nll_oracle_callback import NLLOracleCallback

CONFIG_FILE = "config.json"
RESULTS_FILE = "results.json"
GENERATOR_FILE = "generator.keras"
MLE_GENERATOR_FILE = "generator_mle.keras"
MLE_RESULTS_FILE = "mle_results.json"
MLE_TIMING = ("epoch_seconds_median", "train_seconds")  # Of the MLE fit, in mle_results.json.


def _prepare_workdir(config, workdir):
    """Creates the workdir, or checks that an existing one holds a run of the same config."""
    path = os.path.join(workdir, CONFIG_FILE)
    if os.path.exists(path):
        saved = Config.from_json(path)
        if saved != config:
            differences = ", ".join(
                f"{name}: {value!r} -> {getattr(config, name)!r}"
                for name, value in saved.to_dict().items()
                if getattr(config, name) != value
            )
            raise ValueError(
                f"{workdir} holds a run with another config ({differences}). Use a new "
                "--workdir, or the same settings to resume it; nothing was changed."
            )
    elif os.path.isdir(workdir) and os.listdir(workdir):
        raise ValueError(f"{workdir} is not empty and holds no {CONFIG_FILE}: not a run dir.")
    else:
        os.makedirs(workdir, exist_ok=True)
        write_json(path, config.to_dict())


def oracle_data(config):
    """The oracle and its train / test token splits for `config`."""
    oracle = OracleLSTM.seqgan()
    train_tokens, test_tokens = oracle_splits(
        oracle, config.num_train_samples, config.num_test_samples, config.data_seed
    )
    return oracle, train_tokens, test_tokens


def train(config, workdir, verbose="auto", callbacks=()):
    """Runs (or resumes, or finds finished) the run of `config` in `workdir`; returns results.

    MLE pretraining comes first; with `adversarial_epochs > 0` SeqGAN's discriminator
    pretraining and adversarial phase follow. `callbacks` are extra Keras callbacks for the MLE
    `fit`, run after the library's own (so they see the evaluation figures, and an interruption
    from one finds the epoch already backed up).
    """
    config.validate()
    _prepare_workdir(config, workdir)
    results_path = os.path.join(workdir, RESULTS_FILE)
    if os.path.exists(results_path):
        return read_json(results_path)

    keras.utils.set_random_seed(config.seed)
    _write_hparams(config, workdir)
    oracle, train_tokens, test_tokens = oracle_data(config)
    mle_results_path = os.path.join(workdir, MLE_RESULTS_FILE)
    if config.pretrained_workdir and not os.path.exists(mle_results_path):
        _copy_pretraining(config, workdir)
    if os.path.exists(mle_results_path):
        results = read_json(mle_results_path)
        generator = load_generator(workdir, MLE_GENERATOR_FILE)
    else:
        generator, results = _pretrain_mle(
            config, workdir, oracle, train_tokens, test_tokens, verbose, callbacks
        )
        _save_generator(generator, workdir, MLE_GENERATOR_FILE)
        write_json(mle_results_path, results)

    if config.adversarial_epochs > 0:
        from tf_hebbgan.trainers.adversarial import train_adversarial

        adversarial = train_adversarial(
            config,
            workdir,
            oracle,
            train_tokens,
            test_tokens,
            generator,
            verbose=1 if verbose == "auto" else verbose,  # keras.utils.Progbar has no "auto".
        )
        # MLE's timing keeps its name with an mle_ prefix; epoch_seconds_median becomes the
        # adversarial epoch's (of the last process, if the run was resumed).
        timing = {f"mle_{key}": results.pop(key) for key in MLE_TIMING if key in results}
        results = {
            **results,
            **timing,
            "preset": config.preset,  # The MLE figures may come from another recipe's run.
            "adversarial_epochs": config.adversarial_epochs,
            "mle_nll_oracle": results["nll_oracle"],
            "mle_nll_test": results["nll_test"],
            **adversarial,
        }
    _save_generator(generator, workdir, GENERATOR_FILE)
    write_json(results_path, results)
    return results


def _write_hparams(config, workdir):
    """The run's config as TensorBoard hparams, so runs can be compared by their settings."""
    from tensorboard.plugins.hparams import api as hparams_api

    with tf.summary.create_file_writer(
        os.path.join(workdir, "tensorboard", "hparams")
    ).as_default():
        hparams_api.hparams(config.to_dict(), trial_id=os.path.basename(os.path.abspath(workdir)))


def _copy_pretraining(config, workdir):
    """Copies the MLE generator and figures of `config.pretrained_workdir` into `workdir`.

    The source is any run that finished MLE: its `generator_mle.keras` and `mle_results.json`,
    or, for a finished MLE-only run, its final `generator.keras` and `results.json`.
    """
    source = config.pretrained_workdir
    pretrained = Config.from_json(os.path.join(source, CONFIG_FILE))
    files = {MLE_GENERATOR_FILE: MLE_GENERATOR_FILE, MLE_RESULTS_FILE: MLE_RESULTS_FILE}
    if pretrained.adversarial_epochs == 0:
        files = {MLE_GENERATOR_FILE: GENERATOR_FILE, MLE_RESULTS_FILE: RESULTS_FILE}
    for name in files.values():
        if not os.path.exists(os.path.join(source, name)):
            raise ValueError(f"pretrained_workdir {source} holds no {name}: no finished MLE run.")
    differences = [
        f"{name}: {getattr(pretrained, name)!r} there, {getattr(config, name)!r} here"
        for name in MLE_FIELDS
        if getattr(pretrained, name) != getattr(config, name)
    ]
    if differences:
        raise ValueError(
            f"pretrained_workdir {source} was pretrained differently ({'; '.join(differences)})."
        )
    for target, name in files.items():  # The results file comes last: it marks completion.
        copy_file(os.path.join(source, name), os.path.join(workdir, target))


def build_generator(config, oracle):
    """A new, built generator of `config`'s architecture for `oracle`'s vocabulary and length."""
    generator = LSTMGenerator(
        vocabulary_size=oracle.vocabulary_size,
        embedding_dim=config.embedding_dim,
        hidden_dim=config.hidden_dim,
        sequence_length=oracle.sequence_length,
        start_token=oracle.start_token,
        seed=config.seed,
        plastic_rule=config.generator_plastic_rule or None,
    )
    generator.build()
    return generator


def _pretrain_mle(config, workdir, oracle, train_tokens, test_tokens, verbose, callbacks):
    generator = build_generator(config, oracle)
    compile_for_mle(
        generator,
        config.mle_learning_rate,
        config.grad_clip,
        config.jit_compile,
        steps_per_execution=config.mle_steps_per_execution,
    )
    dataset = mle_dataset(train_tokens, config.batch_size, oracle.vocabulary_size, config.seed)
    callbacks = [
        EpochTimer(),
        NLLOracleCallback(
            oracle, test_tokens, config.eval_every, config.num_eval_samples, seed=config.seed
        ),
        keras.callbacks.CSVLogger(os.path.join(workdir, "history.csv"), append=True),
        keras.callbacks.TensorBoard(
            os.path.join(workdir, "tensorboard"), write_graph=False, profile_batch=0
        ),
        keras.callbacks.BackupAndRestore(os.path.join(workdir, "backup")),
        *callbacks,
    ]
    start = time.perf_counter()
    history = generator.fit(
        dataset, epochs=config.mle_epochs, callbacks=callbacks, verbose=verbose, shuffle=False
    )
    epoch_seconds = history.history.get("epoch_seconds", [])
    results = {
        "preset": config.preset,
        "seed": config.seed,
        "epochs": config.mle_epochs,
        "nll_oracle": history.history["nll_oracle"][-1],
        "nll_test": history.history["nll_test"][-1],
        "oracle_nll_test": nll_test(oracle, test_tokens),
        # The first epoch of a process includes tracing and compilation.
        "epoch_seconds_median": statistics.median(epoch_seconds[1:] or epoch_seconds),
        "train_seconds": time.perf_counter() - start,
    }
    return generator, results


def _save_generator(generator, workdir, name):
    partial = os.path.join(workdir, "partial." + name)
    generator.save(partial)
    os.replace(partial, os.path.join(workdir, name))


def load_generator(workdir, name=None):
    """The generator saved in `workdir` (the final one by default), or a ValueError."""
    name = name or GENERATOR_FILE
    path = os.path.join(workdir, name)
    if not os.path.exists(path):
        raise ValueError(f"{workdir} holds no {name}: train a model there first.")
    try:
        generator = keras.saving.load_model(path)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as error:
        raise ValueError(f"{path} is corrupt or unreadable: {error}") from error
    if not isinstance(generator, LSTMGenerator):
        raise ValueError(f"{path} holds a {type(generator).__name__}, not a generator.")
    return generator


def evaluate(workdir, num_samples=None, seed=0):
    """NLL-oracle and NLL-test of the generator in `workdir`, on the run's own test split."""
    config = Config.from_json(os.path.join(workdir, CONFIG_FILE))
    generator = load_generator(workdir)
    oracle, _, test_tokens = oracle_data(config)
    return {
        "nll_oracle": nll_oracle(
            generator, oracle, num_samples or config.num_eval_samples, seed=seed
        ),
        "nll_test": nll_test(generator, test_tokens),
    }


def sample(workdir, num_samples, seed=None, temperature=1.0):
    """`num_samples` sequences from the generator in `workdir`: int32 `(N, T)`."""
    return np.asarray(load_generator(workdir).sample(num_samples, temperature, seed=seed))
