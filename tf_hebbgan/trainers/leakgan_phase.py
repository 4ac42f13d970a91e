"""LeakGAN's adversarial phase in a workdir: SeqGAN's phase (discriminator pretraining, then
adversarial epochs, with its checkpoints, summaries and progress) run with `LeakGANTrainer`,
whose `LeakGANGenerator` reads SeqGAN's discriminator's features.

With `leak_refresh_every`, the discriminator is pretrained inside MLE, interleaved with it as
in LeakGAN's code (`mle_companion`, a `LeakRefresh` callback); the adversarial phase then
starts from the discriminator MLE ended with (`MLE_DISCRIMINATOR` in the workdir) and
pretrains it no further.
"""

import dataclasses
import functools
import os

from tf_hebbgan.models.leakgan_generator import LeakGANGenerator
from tf_hebbgan.trainers import adversarial
from tf_hebbgan.trainers.adversarial import (  # noqa: F401
    PRETRAIN_PHASE,
    build_discriminator,
    check_data,
)
from tf_hebbgan.trainers.leak_refresh import LeakRefresh
from tf_hebbgan.trainers.leakgan_trainer import LeakGANTrainer
from tf_hebbgan.trainers.mle_phase import MLE_DISCRIMINATOR


def build_trainer(config, generator, vocabulary_size, sequence_length):
    """The `LeakGANTrainer` of `config` around `generator` (a `LeakGANGenerator`): rollout
    copy and a new discriminator, whose body leaks into both."""
    if not isinstance(generator, LeakGANGenerator):
        raise ValueError("gan 'leakgan' needs generator_cell 'leakgan'.")
    return adversarial.build_trainer(
        config,
        generator,
        vocabulary_size,
        sequence_length,
        trainer_class=functools.partial(
            LeakGANTrainer,
            rescale_delta=config.leak_rescale,
            interleave_mle=config.leak_interleave_mle,
        ),
    )


def _adversarial_config(config):
    """The config the shared phase runs: no discriminator pretraining after an interleaved
    MLE, which pretrained it."""
    if not config.leak_refresh_every:
        return config
    return dataclasses.replace(config, discriminator_pretrain_rounds=0)


def mle_companion(config, data, generator, train_tokens, workdir, verbose=False):
    """The `LeakRefresh` that trains a discriminator with `generator`'s MLE (positives:
    `train_tokens`), or None without `leak_refresh_every`."""
    del data
    if not config.leak_refresh_every:
        return None
    trainer = build_trainer(config, generator, generator.vocabulary_size, generator.sequence_length)
    summaries = os.path.join(workdir, "tensorboard", "train")
    return LeakRefresh(trainer, config, train_tokens, summaries, verbose=bool(verbose))


def phases(config):
    """`(name, unit, units)` of the phases after MLE (no pretraining after an interleaved
    MLE)."""
    return adversarial.phases(_adversarial_config(config))


def probe(config, data, generator):
    """Seconds a unit of each of `phases(config)` takes (`adversarial.probe`)."""
    seconds = adversarial.probe(config, data, generator, build=build_trainer)
    if config.leak_refresh_every:
        del seconds[PRETRAIN_PHASE]
    return seconds


def train_adversarial(config, workdir, data, generator, verbose=1, estimate=None):
    """SeqGAN's phase with `LeakGANTrainer`; after an interleaved MLE, from the discriminator
    MLE trained (a one-line error if it is missing)."""
    build = build_trainer
    if config.leak_refresh_every:
        start = os.path.join(workdir, MLE_DISCRIMINATOR)

        def build(config, generator, vocabulary_size, sequence_length):
            trainer = build_trainer(config, generator, vocabulary_size, sequence_length)
            LeakRefresh.restore_start(start, trainer)
            return trainer

    return adversarial.train_adversarial(
        _adversarial_config(config), workdir, data, generator, verbose, estimate, build=build
    )
