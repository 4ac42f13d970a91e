"""The Gumbel-softmax family's adversarial phase in a workdir (RelGAN; GSGAN with the LSTM).

`config.adversarial_epochs` adversarial steps, each a `RelGANTrainer.train_step` at the
temperature of the step's schedule. State lives in `SafeCheckpoints` under
`WORKDIR/checkpoints` (generator, discriminator, both optimizers, every seed state, the step),
written at every evaluation and at the end: a step's random numbers come from that state and
its real batches from `(seed, step)`, so an interrupted run resumes bit for bit from its last
checkpoint. Scalars go to `WORKDIR/tensorboard/adversarial` every step, figures and sample
text at every evaluation.
"""

import os
import statistics
import time

import numpy as np
import tensorflow as tf

from tf_hebbgan.distribute import check_same_on_workers
from tf_hebbgan.models.discriminator_parts import fitting_filters
from tf_hebbgan.models.relgan_discriminator import RELGAN_FILTER_SIZES, RelGANDiscriminator
from tf_hebbgan.precision import resolve_precision
from tf_hebbgan.samplers.temperature_schedule import inverse_temperature
from tf_hebbgan.trainers.adversarial import check_data, check_finite, write_samples  # noqa: F401
from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
from tf_hebbgan.trainers.evaluation import evaluate_generator
from tf_hebbgan.trainers.progress import ResumedProgbar
from tf_hebbgan.trainers.relgan_trainer import RelGANTrainer
from tf_hebbgan.trainers.run_estimate import seconds_of

CHECKPOINT_DIR = "checkpoints"
ADVERSARIAL_PHASE = "Adversarial training"


def build_discriminator(config, vocabulary_size, sequence_length):
    """A new, built `RelGANDiscriminator` of `config` (filter sizes longer than the sequences
    left out)."""
    counts = (config.relgan_num_filters,) * len(RELGAN_FILTER_SIZES)
    filter_sizes, num_filters = fitting_filters(RELGAN_FILTER_SIZES, counts, sequence_length)
    return RelGANDiscriminator(
        vocabulary_size,
        sequence_length,
        embedding_dim=config.discriminator_embedding_dim,
        num_rep=config.discriminator_num_rep,
        filter_sizes=filter_sizes,
        num_filters=num_filters,
        dropout=config.discriminator_dropout,
        plasticity=config.discriminator_plasticity or None,
        plastic_rule=config.discriminator_plastic_rule,
        trace_clip=config.discriminator_trace_clip,
        dtype=resolve_precision(config.precision),
    )


def build_trainer(config, generator, vocabulary_size, sequence_length):
    """The `RelGANTrainer` of `config` around `generator`, with a new discriminator."""
    return RelGANTrainer(
        generator,
        build_discriminator(config, vocabulary_size, sequence_length),
        batch_size=config.batch_size,
        loss=config.gan_loss,
        generator_learning_rate=config.generator_learning_rate,
        discriminator_learning_rate=config.discriminator_learning_rate,
        grad_clip=config.grad_clip,
        discriminator_steps=config.discriminator_steps,
        seed=config.seed,
    )


def step_temperature(config, step):
    """The Gumbel-softmax temperature of adversarial `step`: `1 / beta` of the schedule."""
    horizon = config.gumbel_horizon or max(config.adversarial_epochs, 2)
    beta = inverse_temperature(config.gumbel_schedule, step, horizon, config.gumbel_beta_max)
    return 1.0 / beta


def real_batches(config, train_tokens, step):
    """The real sequences of adversarial `step`: `(1 + discriminator_steps, batch, T)`, drawn
    with replacement by a generator seeded with `(seed, step)` (RelGAN's `random_batch`)."""
    rng = np.random.default_rng([config.seed, step, 7])
    count = (1 + config.discriminator_steps) * config.batch_size
    picked = rng.integers(0, len(train_tokens), count)
    return train_tokens[picked].reshape(1 + config.discriminator_steps, config.batch_size, -1)


def write_summaries(writer, step, logs, generator, vocabulary=None, with_samples=False):
    """The step's scalars, and with `with_samples` three sample sequences (as words, given the
    `vocabulary` of a text run)."""
    with writer.as_default(step=step):
        for name, value in logs.items():
            tf.summary.scalar(f"adversarial/{name}", value)
        if with_samples:
            write_samples(generator, step, vocabulary)


def phases(config):
    """`(name, unit, units)` of the phases after MLE, for the run's `RunEstimate`."""
    return [(ADVERSARIAL_PHASE, "step", config.adversarial_epochs)]


def probe(config, data, generator):
    """Seconds an adversarial step takes, timed ahead (after a first call that traces it) on a
    new trainer around `generator` (a copy the run does not train). Evaluations are not
    counted."""
    trainer = build_trainer(config, generator, data.vocabulary_size, data.sequence_length)
    real = real_batches(config, data.train_tokens, 0)
    return {ADVERSARIAL_PHASE: seconds_of(lambda: trainer.train_step(real, 1.0))}


def train_adversarial(config, workdir, data, generator, verbose=1, estimate=None):
    """Runs (or resumes) the adversarial steps; returns the final figures.

    `data` is the run's `RunData`; `generator` comes in MLE-pretrained and leaves trained.
    `estimate`: the run's `RunEstimate`, which the progress lines keep.
    """
    trainer = build_trainer(config, generator, data.vocabulary_size, data.sequence_length)
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
    checkpoints = SafeCheckpoints(
        tf.train.Checkpoint(**trainer.checkpoint_items(), step=step),
        os.path.join(workdir, CHECKPOINT_DIR),
    )
    checkpoints.restore()
    check_same_on_workers(int(step.numpy()), "adversarial step")
    writer = tf.summary.create_file_writer(os.path.join(workdir, "tensorboard", "adversarial"))
    vocabulary = data.corpus.vocabulary if data.is_text else None
    every = config.adversarial_eval_every or config.eval_every
    total = config.adversarial_epochs

    def evaluate(at):
        return evaluate_generator(generator, data, config.num_eval_samples, config.seed + at)

    results, step_seconds = {}, []
    progbar = ResumedProgbar(total, int(step.numpy()), verbose, "step", ADVERSARIAL_PHASE, estimate)
    progbar.update(int(step.numpy()))
    while int(step.numpy()) < total:
        current = int(step.numpy())
        started = time.perf_counter()
        temperature = step_temperature(config, current)
        logs = trainer.train_step(real_batches(config, data.train_tokens, current), temperature)
        check_finite(logs)
        step_seconds.append(time.perf_counter() - started)
        logs["inverse_temperature"] = 1.0 / temperature
        logs["step_seconds"] = step_seconds[-1]
        step.assign_add(1)
        done = int(step.numpy())
        evaluated = done % every == 0 or done == total
        if evaluated:
            results = evaluate(done)
            logs.update(results)
        write_summaries(writer, done, logs, generator, vocabulary, with_samples=evaluated)
        if evaluated:
            checkpoints.save()
        progbar.update(done, list(logs.items()))
    if not results:  # Resumed after the last checkpoint: the same seed as the last step's.
        results = evaluate(total)
    if step_seconds:  # The first step of a process includes tracing.
        results["step_seconds_median"] = statistics.median(step_seconds[1:] or step_seconds)
    writer.flush()
    return results
