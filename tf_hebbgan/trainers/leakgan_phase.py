"""LeakGAN's adversarial phase in a workdir: SeqGAN's phase (discriminator pretraining, then
adversarial epochs, with its checkpoints, summaries and progress) run with `LeakGANTrainer`,
whose `LeakGANGenerator` reads SeqGAN's discriminator's features."""

import functools

from tf_hebbgan.models.leakgan_generator import LeakGANGenerator
from tf_hebbgan.trainers import adversarial
from tf_hebbgan.trainers.adversarial import (  # noqa: F401
    build_discriminator,
    check_data,
    phases,
)
from tf_hebbgan.trainers.leakgan_trainer import LeakGANTrainer


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


probe = functools.partial(adversarial.probe, build=build_trainer)
train_adversarial = functools.partial(adversarial.train_adversarial, build=build_trainer)
