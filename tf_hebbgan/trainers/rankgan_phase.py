"""RankGAN's adversarial phase in a workdir: SeqGAN's phase (ranker pretraining, then
adversarial epochs, with its checkpoints, summaries and progress) run with `RankGANTrainer`,
whose discriminator is a `CNNRanker` and whose rollouts are rewarded by its rank score."""

import functools

from tf_hebbgan.models.cnn_ranker import CNNRanker
from tf_hebbgan.precision import resolve_precision
from tf_hebbgan.trainers import adversarial
from tf_hebbgan.trainers.adversarial import discriminator_filters, phases  # noqa: F401
from tf_hebbgan.trainers.rankgan_trainer import RankGANTrainer


def build_discriminator(config, vocabulary_size, sequence_length):
    """A new, built `CNNRanker` of `config` for sequences of `sequence_length`."""
    filter_sizes, num_filters = discriminator_filters(config, sequence_length)
    return CNNRanker(
        vocabulary_size,
        sequence_length,
        filter_sizes=filter_sizes,
        num_filters=num_filters,
        dropout=config.discriminator_dropout,
        gamma=config.rank_gamma,
        num_references=config.rank_references,
        num_comparison=config.rank_comparison,
        dtype=resolve_precision(config.precision),
    )


def check_data(config, data):
    """Refuses a training set smaller than the ranker's references and comparison set."""
    count = config.rank_references + config.rank_comparison
    if len(data.train_tokens) < count:
        raise ValueError(
            f"rankgan draws rank_references + rank_comparison = {count} real sentences every "
            f"round; the training set has {len(data.train_tokens)}. Give more data or set "
            "smaller rank_references and rank_comparison."
        )


def build_trainer(config, generator, vocabulary_size, sequence_length):
    """The `RankGANTrainer` of `config` around `generator`: rollout copy and a new ranker."""
    return adversarial.build_trainer(
        config,
        generator,
        vocabulary_size,
        sequence_length,
        trainer_class=RankGANTrainer,
        discriminator=build_discriminator(config, vocabulary_size, sequence_length),
    )


probe = functools.partial(adversarial.probe, build=build_trainer)
train_adversarial = functools.partial(adversarial.train_adversarial, build=build_trainer)
