"""MaliGAN's adversarial phase in a workdir: SeqGAN's phase (discriminator pretraining, then
adversarial epochs, with its checkpoints, summaries and progress) run with `MaliGANTrainer`,
whose generator step weights whole sequences by their normalised reward instead of rolling
out every prefix."""

import functools

from tf_hebbgan.trainers import adversarial
from tf_hebbgan.trainers.adversarial import (  # noqa: F401
    build_discriminator,
    check_data,
    phases,
)
from tf_hebbgan.trainers.maligan_trainer import MaliGANTrainer


def build_trainer(config, generator, vocabulary_size, sequence_length):
    """The `MaliGANTrainer` of `config` around `generator`, with a new discriminator."""
    return MaliGANTrainer(
        generator,
        build_discriminator(config, vocabulary_size, sequence_length),
        **adversarial.trainer_arguments(config),
    )


probe = functools.partial(adversarial.probe, build=build_trainer)
train_adversarial = functools.partial(adversarial.train_adversarial, build=build_trainer)
