"""SeqGAN's adversarial phase in a workdir: discriminator pretraining, then adversarial epochs.

State lives in `SafeCheckpoints` under `WORKDIR/checkpoints`: the trainer's
`checkpoint_items()` (generator, rollout network, discriminator, both optimizers, every seed
state) and the stage (0: discriminator pretraining, 1: adversarial) with the step within it.
A checkpoint is written after every discriminator round of pretraining and every adversarial
epoch, so an interrupted run resumes at the next one. Scalars and sample text go to
`WORKDIR/tensorboard/adversarial`. Each piece below is a function of its own, tested alone.
"""

import os
import statistics
import sys
import time

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.data.detokenizer import sentences
from tf_hebbgan.distribute import check_same_on_workers
from tf_hebbgan.layers.plastic_dense import PlasticDense
from tf_hebbgan.models.cnn_discriminator import (
    SEQGAN_FILTER_SIZES,
    SEQGAN_NUM_FILTERS,
    CNNDiscriminator,
)
from tf_hebbgan.models.discriminator_parts import fitting_filters
from tf_hebbgan.precision import resolve_precision
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.evaluation import evaluate_generator, final_evaluation_seed
from tf_hebbgan.trainers.progress import ResumedProgbar
from tf_hebbgan.trainers.run_estimate import seconds_of
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

PRETRAIN, ADVERSARIAL = 0, 1
PRETRAIN_PHASE, ADVERSARIAL_PHASE = "Discriminator pretraining", "Adversarial training"
PROBE_SIZE = 1000  # Real sequences the discriminator's accuracy is measured on.


# === Build ===


def discriminator_filters(config, sequence_length):
    """SeqGAN's filter sizes and counts, without the sizes longer than the sequences (a text
    corpus of short sentences; the oracle's length 20 and COCO's keep all), each count times
    `config.discriminator_filter_scale` and at least 1: every discriminator of the family
    and LeakGAN's leak take them from here, so they agree.

    With a scale of 0.05 and sequences of 3 tokens: `((1, 2, 3), (5, 10, 10))`.
    """
    scale = config.discriminator_filter_scale
    counts = tuple(max(1, round(count * scale)) for count in SEQGAN_NUM_FILTERS)
    return fitting_filters(SEQGAN_FILTER_SIZES, counts, sequence_length)


def build_discriminator(config, vocabulary_size, sequence_length):
    """A new, built `CNNDiscriminator` of `config` for sequences of `sequence_length`."""
    filter_sizes, num_filters = discriminator_filters(config, sequence_length)
    return CNNDiscriminator(
        vocabulary_size,
        sequence_length,
        filter_sizes=filter_sizes,
        num_filters=num_filters,
        dropout=config.discriminator_dropout,
        plasticity=config.discriminator_plasticity or None,
        plastic_rule=config.discriminator_plastic_rule,
        trace_clip=config.discriminator_trace_clip,
        dtype=resolve_precision(config.precision),
    )


def check_data(config, data):
    """SeqGAN trains on any data that fills a batch (checked when the data is loaded)."""
    del config, data


def trainer_arguments(config):
    """The `SeqGANTrainer` arguments of `config` that every trainer of the family takes (the
    rollout ones aside)."""
    return dict(
        batch_size=config.batch_size,
        generator_learning_rate=config.generator_learning_rate,
        grad_clip=config.grad_clip,
        discriminator_learning_rate=config.discriminator_learning_rate,
        reduction=config.pg_reduction,
        moment_weight=config.moment_weight,
        seed=config.seed,
    )


def build_trainer(
    config, generator, vocabulary_size, sequence_length, trainer_class=None, discriminator=None
):
    """The `SeqGANTrainer` of `config` around `generator`: rollout copy and discriminator
    (new, of `build_discriminator`, unless given); `trainer_class` a subclass that takes the
    same arguments."""
    rollout = type(generator).from_config(generator.get_config())
    rollout.build()
    rollout.set_weights(generator.get_weights())
    if discriminator is None:
        discriminator = build_discriminator(config, vocabulary_size, sequence_length)
    return (trainer_class or SeqGANTrainer)(
        generator,
        rollout,
        discriminator,
        num_rollouts=config.num_rollouts,
        rollout_rate=config.rollout_rate,
        baseline=config.pg_baseline,
        **trainer_arguments(config),
    )


def open_checkpoints(trainer, directory):
    """The trainer's `SafeCheckpoints` in `directory`, restored from the newest good one.

    Returns `(checkpoints, stage, step)`, the last two `tf.Variable`s saved with the trainer.
    A checkpoint written before the layer seeds were saved is resumed from everything else,
    with a warning: the run goes on correctly, but not bit for bit as an uninterrupted one.
    """
    stage = tf.Variable(PRETRAIN, dtype=tf.int64, trainable=False, name="stage")
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    checkpoints = SafeCheckpoints(
        tf.train.Checkpoint(**trainer.checkpoint_items(), stage=stage, step=step),
        directory,
        fallback=tf.train.Checkpoint(
            **trainer.checkpoint_items(with_layer_seeds=False), stage=stage, step=step
        ),
    )
    path = checkpoints.restore()
    check_same_on_workers((int(stage.numpy()), int(step.numpy())), "stage and step")
    if path and checkpoints.restored_with_fallback:
        print(
            f"Warning: {path} predates saved layer seeds; resumed from it, but its dropout "
            "masks will differ from an uninterrupted run's."
        )
    return checkpoints, stage, step


# === Steps ===


def round_seed(config, stage, step, round_index):
    """The seed of one discriminator round (or, with index 99, one real batch)."""
    return (config.seed * 1_000_003 + stage * 100_003 + step * 101 + round_index) % 2**31


def discriminator_rounds(trainer, config, train_tokens, stage, step, rounds):
    """`rounds` rounds of fresh negatives; logs the last loss and the accuracies on a probe."""
    logs, seed = {}, 0
    for index in range(rounds):
        seed = round_seed(config, stage, step, index)
        history = trainer.discriminator_round(
            train_tokens, config.discriminator_negatives, config.discriminator_epochs, seed
        )
        logs = {"discriminator_loss": history["loss"][-1]}
        check_finite(logs)
    probe = train_tokens[: min(PROBE_SIZE, len(train_tokens))]
    negatives = trainer.generator.sample(len(probe), seed=seed + 1)
    logs["accuracy_real"], logs["accuracy_fake"] = trainer.discriminator.accuracies(
        probe, negatives
    )
    return logs


def real_batch(config, train_tokens, epoch):
    """The real sequences of one adversarial epoch (for moment matching and statistics)."""
    rng = np.random.default_rng(round_seed(config, ADVERSARIAL, epoch, 99))
    return train_tokens[rng.choice(len(train_tokens), config.batch_size, replace=False)]


def adversarial_epoch(trainer, config, train_tokens, real, epoch):
    """One generator step, the rollout update, then the epoch's discriminator rounds.

    `real` `(batch, time)` is the epoch's batch of real sequences (`real_batch()`).

    Returns the epoch's logs. A stateful discriminator trace lives for one epoch's
    discriminator training, which starts it from zero, and the next generator step's rewards
    read where that training left it: the state the discriminator's weights were trained
    with (resetting before the generator step would score rollouts with a zero trace that
    the trained discriminator never sees).
    """
    logs = {name: float(value) for name, value in trainer.generator_step(real).items()}
    check_finite(logs)
    trainer.update_rollout()
    if trainer.discriminator.stateful_trace:
        trainer.discriminator.reset_trace()
    logs.update(
        discriminator_rounds(
            trainer, config, train_tokens, ADVERSARIAL, epoch, config.discriminator_steps
        )
    )
    return logs


def check_finite(logs):
    """Stops a diverged run before its checkpoint is overwritten with non-finite weights."""
    bad = {name: value for name, value in logs.items() if not np.isfinite(value)}
    if bad:
        raise FloatingPointError(
            f"Training diverged: {bad}. The last checkpoint was written before this step and "
            "is left as it is."
        )


# === Summaries ===


def plasticity_statistics(model, prefix, tokens=None):
    """Mean |alpha|, mean eta and the trace of every PlasticDense of `model`.

    The trace's statistics are its norm and the fraction of its entries at the clip (within
    1 %): a saturated trace acts like a constant extra weight more than like a memory. A
    stateful layer's trace is its shared one; a per-sequence trace (the output / sequence
    discriminator, the plastic generator) is the one left after reading `tokens` `(batch,
    time)`, the norm averaged over the sequences (none without `tokens`).
    """
    values = {}
    traces = model.sequence_traces(tokens) if tokens is not None else {}
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, PlasticDense) and layer.built:
            name = f"{prefix}/{layer.name}"
            values[f"{name}/alpha_abs_mean"] = float(np.mean(np.abs(layer.alpha.numpy())))
            values[f"{name}/eta_mean"] = float(np.mean(keras.ops.convert_to_numpy(layer.eta)))
            if layer.stateful:
                trace = keras.ops.convert_to_numpy(layer.trace)[None]  # (1, in, units)
            elif layer.name in traces:
                trace = keras.ops.convert_to_numpy(traces[layer.name])  # (B, in, units)
            else:
                continue
            norms = np.linalg.norm(trace.reshape(len(trace), -1), axis=-1)  # (B,)
            values[f"{name}/trace_norm"] = float(np.mean(norms))
            if layer.trace_clip is not None:
                at_clip = np.abs(trace) >= 0.99 * layer.trace_clip
                values[f"{name}/trace_at_clip"] = float(np.mean(at_clip))
    return values


def write_epoch_summaries(writer, epoch, logs, trainer, real, vocabulary=None):
    """The epoch's scalars, plasticity statistics, learning rate and three sample sequences
    (as words, given the `vocabulary` of a text run)."""
    plasticity = {
        **plasticity_statistics(trainer.generator, "plasticity/generator", real),
        **plasticity_statistics(trainer.discriminator, "plasticity/discriminator", real),
    }
    with writer.as_default(step=epoch):
        for name, value in logs.items():
            tf.summary.scalar(f"adversarial/{name}", value)
        for name, value in plasticity.items():
            tf.summary.scalar(name, value)
        tf.summary.scalar(
            "adversarial/generator_learning_rate",
            float(keras.ops.convert_to_numpy(trainer.generator_optimizer.learning_rate)),
        )
        write_samples(trainer.generator, epoch, vocabulary)


def write_samples(generator, seed, vocabulary=None, tag="adversarial/samples"):
    """Three sample sequences of `generator` drawn with `seed`, as readable sentences given the
    `vocabulary` of a text run, to the default summary writer at its step."""
    samples = generator.sample(3, seed=seed)
    rows = (
        sentences(vocabulary, samples) if vocabulary else [" ".join(map(str, r)) for r in samples]
    )
    tf.summary.text(tag, rows)


def warn_if_blind(logs, chance=0.55, levers="discriminator_pretrain_rounds"):
    """One line on stderr if the discriminator ends pretraining no better than chance on its
    probe (mean of its accuracies on real and generated sequences): its reward would then
    carry almost no signal into the adversarial phase."""
    real, fake = logs["accuracy_real"], logs["accuracy_fake"]
    if (real + fake) / 2 > chance:
        return False
    print(
        f"Warning: after pretraining the discriminator tells real from generated sequences "
        f"no better than chance (accuracy {real:.2f} on real, {fake:.2f} on generated), so "
        "the adversarial phase gets a reward of about nothing; give it more to learn from: "
        f"more {levers} or discriminator_epochs, a larger "
        "discriminator_learning_rate, or more training sequences.",
        file=sys.stderr,
    )
    return True


# === The phase ===


def phases(config):
    """`(name, unit, units)` of the phases after MLE, for the run's `RunEstimate`."""
    pretraining = config.discriminator_pretrain_rounds
    return [
        *([(PRETRAIN_PHASE, "round", pretraining)] if pretraining else []),
        (ADVERSARIAL_PHASE, "epoch", config.adversarial_epochs),
    ]


def probe(config, data, generator, build=None):
    """Seconds a unit of each of `phases(config)` takes, timed ahead on a new trainer around
    `generator` (a copy the run does not train).

    Sampling a few batches, one discriminator epoch over them and one generator step are each
    timed after a first call that traces them; a round is then its negatives' sampling and its
    epochs over the training set and those negatives, scaled from these, plus the accuracy
    probe's sampling. Evaluations are not counted. `build`: as `train_adversarial`'s.
    """
    trainer = (build or build_trainer)(
        config, generator, data.vocabulary_size, data.sequence_length
    )
    tokens = data.train_tokens
    count = max(min(4 * config.batch_size, config.discriminator_negatives, len(tokens)), 1)
    sampling = seconds_of(lambda: trainer.generator.sample(count, seed=1)) / count
    positives = tokens[: max(count, trainer.min_positives)]  # As many as a round draws from.
    one_epoch = seconds_of(lambda: trainer.discriminator_round(positives, count, 1, seed=2))
    # A sequence, one epoch.
    training = max(one_epoch - sampling * count, 0.0) / (len(positives) + count)
    negatives = config.discriminator_negatives
    one_round = negatives * sampling
    one_round += config.discriminator_epochs * (len(tokens) + negatives) * training
    accuracy_probe = min(PROBE_SIZE, len(tokens)) * sampling
    step = seconds_of(lambda: trainer.generator_step(real_batch(config, tokens, 0)))
    return {
        PRETRAIN_PHASE: one_round + accuracy_probe,
        ADVERSARIAL_PHASE: step + config.discriminator_steps * one_round + accuracy_probe,
    }


def train_adversarial(config, workdir, data, generator, verbose=1, estimate=None, build=None):
    """Runs (or resumes) discriminator pretraining and the adversarial epochs; returns figures.

    `data` is the run's `RunData`; `generator` comes in MLE-pretrained and leaves
    adversarially trained. `estimate`: the run's `RunEstimate`, which the progress lines keep.
    `build`: what makes the trainer, `build_trainer`'s arguments (default `build_trainer`);
    another method of the family (MaliGAN) runs this phase with its own trainer.
    """
    train_tokens = data.train_tokens
    trainer = (build or build_trainer)(
        config, generator, data.vocabulary_size, data.sequence_length
    )
    checkpoints, stage, step = open_checkpoints(trainer, os.path.join(workdir, "checkpoints"))
    writer = tf.summary.create_file_writer(os.path.join(workdir, "tensorboard", "adversarial"))

    def evaluate(seed):
        return evaluate_generator(generator, data, config.num_eval_samples, seed)

    # === Discriminator pretraining ===
    total = config.discriminator_pretrain_rounds
    if int(stage.numpy()) == PRETRAIN:
        progbar = None  # None without rounds: a method that pretrained it already (LeakGAN).
        if total:
            progbar = ResumedProgbar(
                total, int(step.numpy()), verbose, "round", PRETRAIN_PHASE, estimate
            )
            progbar.update(int(step.numpy()))
        logs = {}
        while int(step.numpy()) < total:
            logs = discriminator_rounds(
                trainer, config, train_tokens, PRETRAIN, int(step.numpy()), 1
            )
            step.assign_add(1)
            with writer.as_default(step=int(step.numpy())):
                for name, value in logs.items():
                    tf.summary.scalar(f"pretrain/{name}", value)
            checkpoints.save()
            progbar.update(int(step.numpy()), list(logs.items()))
        if logs:  # The last round's probe, if this process ran it.
            warn_if_blind(logs)
        stage.assign(ADVERSARIAL)
        step.assign(0)
        checkpoints.save()

    # === Adversarial epochs ===
    results = {}
    epochs = config.adversarial_epochs
    progbar = ResumedProgbar(
        epochs, int(step.numpy()), verbose, "epoch", ADVERSARIAL_PHASE, estimate
    )
    progbar.update(int(step.numpy()))
    epoch_seconds = []  # This process's epochs; the TensorBoard scalar keeps every epoch's.
    while int(step.numpy()) < epochs:
        started = time.perf_counter()
        real = real_batch(config, train_tokens, int(step.numpy()))
        logs = adversarial_epoch(trainer, config, train_tokens, real, int(step.numpy()))
        # Training only: the generator step and the discriminator rounds, not the evaluation.
        epoch_seconds.append(time.perf_counter() - started)
        logs["epoch_seconds"] = epoch_seconds[-1]
        step.assign_add(1)
        epoch = int(step.numpy())
        if epoch % (config.adversarial_eval_every or config.eval_every) == 0 or epoch == epochs:
            results = evaluate(seed=config.seed + epoch)
            logs.update(results)
        vocabulary = data.corpus.vocabulary if data.is_text else None
        write_epoch_summaries(writer, epoch, logs, trainer, real, vocabulary)
        checkpoints.save()
        progbar.update(epoch, list(logs.items()))
    if not results:  # Resumed after the last epoch's checkpoint: the last epoch's evaluation.
        results = evaluate(seed=final_evaluation_seed(config))
    if epoch_seconds:  # The first epoch of a process includes tracing.
        results["epoch_seconds_median"] = statistics.median(epoch_seconds[1:] or epoch_seconds)
    writer.flush()
    return results
