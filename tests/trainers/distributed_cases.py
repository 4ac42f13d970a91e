"""Shared set-up of the tf.distribute tests: a tiny trainer, fixed data, the updates."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.models import (
    CNNDiscriminator,
    CNNRanker,
    LeakGANGenerator,
    LSTMGenerator,
    RelationalMemoryGenerator,
    RelGANDiscriminator,
)
from tf_hebbgan.trainers import LeakGANTrainer, MaliGANTrainer, RankGANTrainer
from tf_hebbgan.trainers.relgan_trainer import RelGANTrainer
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

VOCAB, LENGTH, BATCH = 10, 5, 4

_rng = np.random.default_rng(3)
SAMPLES = _rng.integers(0, VOCAB, (BATCH, LENGTH)).astype("int32")
REWARDS = _rng.uniform(size=(BATCH, LENGTH)).astype("float32")
REAL = _rng.integers(0, VOCAB, (BATCH, LENGTH)).astype("int32")
POSITIVES = _rng.integers(0, VOCAB, (16, LENGTH)).astype("int32")

# RelGAN's trainer: real batches for 1 generator and K discriminator updates a step.
RELGAN_LENGTH, RELGAN_STEPS = 6, 2
RELGAN_REAL = (
    np.random.default_rng(0)
    .integers(0, VOCAB, (1 + RELGAN_STEPS, BATCH, RELGAN_LENGTH))
    .astype("int32")
)


def make_trainer(strategy=None, plasticity=None, **kwargs):
    """A tiny `SeqGANTrainer` built in `strategy`'s scope (default: none), seeded."""
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():
        keras.utils.set_random_seed(0)
        generator = LSTMGenerator(VOCAB, 4, 4, LENGTH)
        rollout = LSTMGenerator(VOCAB, 4, 4, LENGTH)
        discriminator = CNNDiscriminator(
            VOCAB, LENGTH, 8, (1, 2), (3, 3), dropout=0.0, plasticity=plasticity
        )
        rollout.set_weights(generator.get_weights())
        return SeqGANTrainer(
            generator, rollout, discriminator, batch_size=BATCH, num_rollouts=2, **kwargs
        )


def make_relgan_trainer(strategy=None, generator="relational", dropout=0.0, **kwargs):
    """A tiny `RelGANTrainer` (relational or LSTM generator) in `strategy`'s scope, seeded."""
    strategy = strategy or tf.distribute.get_strategy()
    keras.utils.set_random_seed(0)
    with strategy.scope():
        if generator == "relational":
            model = RelationalMemoryGenerator(
                VOCAB, head_size=4, sequence_length=RELGAN_LENGTH, seed=0
            )
        else:
            model = LSTMGenerator(VOCAB, 4, 4, RELGAN_LENGTH, seed=0)
        discriminator = RelGANDiscriminator(
            VOCAB, RELGAN_LENGTH, embedding_dim=4, num_rep=2, num_filters=(3,) * 4, dropout=dropout
        )
        return RelGANTrainer(
            model,
            discriminator,
            batch_size=BATCH,
            discriminator_steps=RELGAN_STEPS,
            seed=3,
            **kwargs,
        )


def relgan_updates(trainer):
    """Two RelGAN steps (the second sees Adam's moments of the first); their logs."""
    return [trainer.train_step(RELGAN_REAL, 0.5) for _ in range(2)]


def make_maligan_trainer(strategy=None, **kwargs):
    """A tiny `MaliGANTrainer` in `strategy`'s scope, seeded."""
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():
        keras.utils.set_random_seed(0)
        generator = LSTMGenerator(VOCAB, 4, 4, LENGTH)
        discriminator = CNNDiscriminator(VOCAB, LENGTH, 8, (1, 2), (3, 3), dropout=0.0)
        return MaliGANTrainer(generator, discriminator, batch_size=BATCH, **kwargs)


def make_rankgan_trainer(strategy=None, **kwargs):
    """A tiny `RankGANTrainer` (3 references, 5 comparison sentences) in `strategy`'s scope."""
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():
        keras.utils.set_random_seed(0)
        generator = LSTMGenerator(VOCAB, 4, 4, LENGTH)
        rollout = LSTMGenerator(VOCAB, 4, 4, LENGTH)
        rollout.set_weights(generator.get_weights())
        ranker = CNNRanker(
            VOCAB, LENGTH, 8, (1, 2), (3, 3), dropout=0.0, num_references=3, num_comparison=5
        )
        return RankGANTrainer(
            generator, rollout, ranker, batch_size=BATCH, num_rollouts=2, **kwargs
        )


def make_leakgan_trainer(strategy=None, end_token=None, **kwargs):
    """A tiny `LeakGANTrainer` in `strategy`'s scope, seeded."""
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():
        keras.utils.set_random_seed(0)
        sizes = dict(goal_size=3, horizon=2, leak_embedding_dim=8, end_token=end_token)
        sizes.update(filter_sizes=(1, 2), num_filters=(3, 3))
        generator = LeakGANGenerator(VOCAB, 4, 4, sequence_length=LENGTH, **sizes)
        rollout = LeakGANGenerator(VOCAB, 4, 4, sequence_length=LENGTH, **sizes)
        rollout.set_weights(generator.get_weights())
        discriminator = CNNDiscriminator(VOCAB, LENGTH, 8, (1, 2), (3, 3), dropout=0.0)
        return LeakGANTrainer(
            generator, rollout, discriminator, batch_size=BATCH, num_rollouts=2, **kwargs
        )


def family_updates(strategy=None):
    """The REINFORCE family's distributed paths on fixed data, in `strategy` (default: one
    device): LeakGAN's two policy updates and a RankGAN ranker round; their weights."""
    leakgan = make_leakgan_trainer(strategy)
    if strategy is None:
        for _ in range(2):
            leakgan.policy_update(tf.constant(SAMPLES), tf.constant(REWARDS), REAL)
    else:
        update = tf.function(leakgan.policy_update)
        for _ in range(2):
            distributed_update(leakgan, strategy, update)
    rankgan = make_rankgan_trainer(strategy)
    rankgan.discriminator_round(POSITIVES, 16, epochs=2, seed=1)
    return {
        **named_weights(leakgan.generator, "leakgan_generator"),
        **named_weights(rankgan.discriminator, "rankgan_ranker"),
    }


def shares(strategy, array):
    """`array` split along axis 0 into one share per replica (of every worker)."""
    size = len(array) // strategy.num_replicas_in_sync
    return strategy.experimental_distribute_values_from_function(
        lambda context: tf.constant(array[context.replica_id_in_sync_group * size :][:size])
    )


def distributed_update(trainer, strategy, update):
    """One `policy_update` of the fixed batch, shared out; returns the batch's logs."""
    logs = strategy.run(
        update, args=(shares(strategy, SAMPLES), shares(strategy, REWARDS), shares(strategy, REAL))
    )
    return trainer.reduce_logs(logs)


# The multi-worker case: every path that all-reduces (baseline, moments, plastic trace).
MULTI_WORKER_OPTIONS = dict(plasticity="output_stateful", baseline=True, moment_weight=0.5)


def distributed_updates(trainer, strategy):
    """Two generator updates, then a discriminator round of two epochs."""
    update = tf.function(trainer.policy_update)
    for _ in range(2):
        distributed_update(trainer, strategy, update)
    trainer.discriminator_round(POSITIVES, 16, epochs=2, seed=1)


def single_updates(trainer):
    """What `distributed_updates` does, on one device."""
    for _ in range(2):
        trainer.policy_update(SAMPLES, REWARDS, REAL)
    trainer.discriminator_round(POSITIVES, 16, epochs=2, seed=1)


def named_weights(model, prefix):
    return {f"{prefix}_{index}": np.asarray(w) for index, w in enumerate(model.get_weights())}
