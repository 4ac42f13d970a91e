"""SeqGAN's adversarial phase in a workdir: discriminator pretraining, then adversarial epochs.

State lives in a `tf.train.CheckpointManager` under `WORKDIR/checkpoints`: generator, rollout
network, discriminator, both optimizers, the trainer's seed state, and the stage (0:
discriminator pretraining, 1: adversarial) with the step within it. A checkpoint is written
after every discriminator round of pretraining and every adversarial epoch, so an interrupted
run resumes at the next one. Scalars and sample text go to `WORKDIR/tensorboard/adversarial`.
"""

import os
import statistics
import time

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.layers.plastic_dense import PlasticDense
from tf_hebbgan.metrics.nll import nll_oracle, nll_test
from tf_hebbgan.models.cnn_discriminator import CNNDiscriminator
from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

PRETRAIN, ADVERSARIAL = 0, 1


def _layer_seed_states(*models):
    """The state of every layer's `keras.random.SeedGenerator` in `models`, by position.

    `tf.train.Checkpoint` does not reach these through a Keras 3 layer, so without them a run
    resumed from its checkpoint draws other dropout masks than the uninterrupted run (tested;
    the likely reason why resumed SeqGAN budget runs ended 0.025-0.037 from uninterrupted ones).
    """
    states = {}  # Keyed by position: the generator and its rollout copy share their names.
    for model_index, model in enumerate(models):
        generators = [
            generator
            for layer in model._flatten_layers(include_self=True)  # Keras has no public walk.
            for generator in layer._seed_generators
        ]
        for index, generator in enumerate(generators):
            states[f"model_{model_index}_seed_{index}"] = generator.state.value
    return states


def _restore(checkpoint, without_layer_seeds, path):
    """Restores `path`, or raises a ValueError that names it and leaves it as it is.

    A checkpoint written before the layer seeds were saved is resumed from everything else,
    with a warning: the run goes on correctly, but not bit for bit as an uninterrupted one.
    """
    try:
        checkpoint.restore(path).assert_existing_objects_matched()
        return
    except (tf.errors.OpError, AssertionError, ValueError) as error:
        failure = error
    try:
        saved = [name for name, _ in tf.train.list_variables(path)]
        if not any(name.startswith("layer_seeds/") for name in saved):
            without_layer_seeds.restore(path).assert_existing_objects_matched()
            print(
                f"Warning: {path} predates saved layer seeds; resumed from it, but its dropout "
                "masks will differ from an uninterrupted run's."
            )
            return
    except (tf.errors.OpError, AssertionError, ValueError):
        pass
    raise ValueError(
        f"The checkpoint {path} is corrupt or does not match this model ({failure}); it was "
        "left as it is."
    ) from failure


def _round_seed(config, stage, step, round_index):
    return (config.seed * 1_000_003 + stage * 100_003 + step * 101 + round_index) % 2**31


def plasticity_statistics(model, prefix, tokens=None):
    """Mean |alpha|, mean eta and the trace of every PlasticDense of `model`.

    The trace's statistics are its norm and the fraction of its entries at the clip (within
    1 %): a saturated trace acts like a constant extra weight more than like a memory. A
    stateful layer's trace is its shared one; a per-sequence trace (the output / sequence
    discriminator, the plastic generator) is the one left after reading `tokens` `(batch,
    time)`, the norm averaged over the sequences (none without `tokens`).
    """
    statistics = {}
    traces = model.sequence_traces(tokens) if tokens is not None else {}
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, PlasticDense) and layer.built:
            name = f"{prefix}/{layer.name}"
            statistics[f"{name}/alpha_abs_mean"] = float(np.mean(np.abs(layer.alpha.numpy())))
            statistics[f"{name}/eta_mean"] = float(np.mean(keras.ops.convert_to_numpy(layer.eta)))
            if layer.stateful:
                trace = keras.ops.convert_to_numpy(layer.trace)[None]  # (1, in, units)
            elif layer.name in traces:
                trace = keras.ops.convert_to_numpy(traces[layer.name])  # (B, in, units)
            else:
                continue
            norms = np.linalg.norm(trace.reshape(len(trace), -1), axis=-1)  # (B,)
            statistics[f"{name}/trace_norm"] = float(np.mean(norms))
            if layer.trace_clip is not None:
                at_clip = np.abs(trace) >= 0.99 * layer.trace_clip
                statistics[f"{name}/trace_at_clip"] = float(np.mean(at_clip))
    return statistics


def _discriminator_accuracy(discriminator, positives, negatives):
    real = np.asarray(discriminator.probability_real(positives))
    fake = np.asarray(discriminator.probability_real(negatives))
    return float(np.mean(real > 0.5)), float(np.mean(fake < 0.5))


def train_adversarial(config, workdir, oracle, train_tokens, test_tokens, generator, verbose=1):
    """Runs (or resumes) discriminator pretraining and the adversarial epochs; returns figures.

    `generator` comes in MLE-pretrained and leaves adversarially trained.
    """
    rollout = LSTMGenerator.from_config(generator.get_config())
    rollout.build()
    rollout.set_weights(generator.get_weights())
    discriminator = CNNDiscriminator(
        oracle.vocabulary_size,
        oracle.sequence_length,
        dropout=config.discriminator_dropout,
        plasticity=config.discriminator_plasticity or None,
        plastic_rule=config.discriminator_plastic_rule,
        trace_clip=config.discriminator_trace_clip,
    )
    discriminator.build()
    trainer = SeqGANTrainer(
        generator,
        rollout,
        discriminator,
        batch_size=config.batch_size,
        num_rollouts=config.num_rollouts,
        rollout_rate=config.rollout_rate,
        generator_learning_rate=config.mle_learning_rate,
        grad_clip=config.grad_clip,
        discriminator_learning_rate=config.discriminator_learning_rate,
        baseline=config.pg_baseline,
        reduction=config.pg_reduction,
        moment_weight=config.moment_weight,
        seed=config.seed,
    )
    discriminator.optimizer.build(discriminator.trainable_variables)
    stage = tf.Variable(PRETRAIN, dtype=tf.int64, trainable=False, name="stage")
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    state = dict(
        generator=generator,
        rollout=rollout,
        discriminator=discriminator,
        generator_optimizer=trainer.generator_optimizer,
        discriminator_optimizer=discriminator.optimizer,
        trainer_seed=trainer.seed_generator.state.value,
        stage=stage,
        step=step,
    )
    checkpoint = tf.train.Checkpoint(
        **state, layer_seeds=_layer_seed_states(generator, rollout, discriminator)
    )
    manager = tf.train.CheckpointManager(
        checkpoint, os.path.join(workdir, "checkpoints"), max_to_keep=2
    )
    if manager.latest_checkpoint:
        _restore(checkpoint, tf.train.Checkpoint(**state), manager.latest_checkpoint)
    writer = tf.summary.create_file_writer(os.path.join(workdir, "tensorboard", "adversarial"))
    probe = train_tokens[: min(1000, len(train_tokens))]

    def evaluate(seed):
        return {
            "nll_oracle": nll_oracle(generator, oracle, config.num_eval_samples, seed=seed),
            "nll_test": nll_test(generator, test_tokens),
        }

    def discriminator_rounds(current_stage, rounds):
        logs = {}
        for index in range(rounds):
            seed = _round_seed(config, current_stage, int(step.numpy()), index)
            history = trainer.discriminator_round(
                train_tokens, config.discriminator_negatives, config.discriminator_epochs, seed
            )
            logs = {"discriminator_loss": history["loss"][-1]}
            _check_finite(logs, workdir)
        negatives = generator.sample(len(probe), seed=seed + 1)
        logs["accuracy_real"], logs["accuracy_fake"] = _discriminator_accuracy(
            discriminator, probe, negatives
        )
        return logs

    # === Discriminator pretraining ===
    total = config.discriminator_pretrain_rounds
    if int(stage.numpy()) == PRETRAIN and int(step.numpy()) < total:
        progbar = keras.utils.Progbar(total, verbose=verbose, unit_name="round")
        progbar.update(int(step.numpy()))
    while int(stage.numpy()) == PRETRAIN and int(step.numpy()) < total:
        logs = discriminator_rounds(PRETRAIN, 1)
        step.assign_add(1)
        with writer.as_default(step=int(step.numpy())):
            for name, value in logs.items():
                tf.summary.scalar(f"pretrain/{name}", value)
        manager.save()
        progbar.update(int(step.numpy()), list(logs.items()))
    if int(stage.numpy()) == PRETRAIN:
        stage.assign(ADVERSARIAL)
        step.assign(0)
        manager.save()

    # === Adversarial epochs ===
    results = {}
    epochs = config.adversarial_epochs
    progbar = keras.utils.Progbar(epochs, verbose=verbose, unit_name="epoch")
    progbar.update(int(step.numpy()))
    epoch_seconds = []  # This process's epochs; the TensorBoard scalar keeps every epoch's.
    while int(step.numpy()) < epochs:
        started = time.perf_counter()
        real = train_tokens[
            np.random.default_rng(_round_seed(config, ADVERSARIAL, int(step.numpy()), 99)).choice(
                len(train_tokens), config.batch_size, replace=False
            )
        ]
        logs = {k: float(v) for k, v in trainer.generator_step(real).items()}
        _check_finite(logs, workdir)
        trainer.update_rollout()
        if config.discriminator_plasticity.endswith("_stateful"):
            # The shared trace lives for one epoch's discriminator training, which starts it
            # from zero, and the next generator step's rewards read where that training left
            # it: the state the discriminator's weights were trained with. (Resetting before
            # the generator step would score rollouts with a zero trace that the trained
            # discriminator never sees.)
            discriminator.reset_trace()
        logs.update(discriminator_rounds(ADVERSARIAL, config.discriminator_steps))
        # Training only: the generator step and the discriminator rounds, not the evaluation.
        epoch_seconds.append(time.perf_counter() - started)
        logs["epoch_seconds"] = epoch_seconds[-1]
        step.assign_add(1)
        epoch = int(step.numpy())
        if epoch % config.eval_every == 0 or epoch == epochs:
            results = evaluate(seed=config.seed + epoch)
            logs.update(results)
        plasticity = {
            **plasticity_statistics(generator, "plasticity/generator", real),
            **plasticity_statistics(discriminator, "plasticity/discriminator", real),
        }
        with writer.as_default(step=epoch):
            for name, value in logs.items():
                tf.summary.scalar(f"adversarial/{name}", value)
            for name, value in plasticity.items():
                tf.summary.scalar(name, value)
            tf.summary.scalar(
                "adversarial/generator_learning_rate",
                float(trainer.generator_optimizer.learning_rate),
            )
            samples = generator.sample(3, seed=epoch)
            tf.summary.text("adversarial/samples", [" ".join(map(str, row)) for row in samples])
        manager.save()
        progbar.update(epoch, list(logs.items()))
    if not results:  # Resumed after the last epoch's checkpoint: evaluate once more.
        results = evaluate(seed=config.seed)
    if epoch_seconds:  # The first epoch of a process includes tracing.
        results["epoch_seconds_median"] = statistics.median(epoch_seconds[1:] or epoch_seconds)
    writer.flush()
    return results


def _check_finite(logs, workdir):
    """Stops a diverged run before its checkpoint is overwritten with non-finite weights."""
    bad = {name: value for name, value in logs.items() if not np.isfinite(value)}
    if bad:
        raise FloatingPointError(
            f"Training diverged: {bad}. The last checkpoint in {workdir} was written before "
            "this step and is left as it is."
        )
