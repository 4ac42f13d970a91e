"""`SeqGANTrainer`: the steps of SeqGAN's adversarial phase (Yu et al. 2017)."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.data.tokens import end_mask
from tf_hebbgan.losses.moment_matching import expected_embeddings, moment_matching_loss
from tf_hebbgan.losses.policy_gradient import policy_gradient_loss
from tf_hebbgan.optimizers.fused_adam import FusedAdam
from tf_hebbgan.samplers.rollout import rollout_rewards
from tf_hebbgan.trainers.rollout_update import update_rollout_network


def layer_seed_states(*models):
    """The state of every layer's `keras.random.SeedGenerator` in `models`, by position.

    `tf.train.Checkpoint` does not reach these through a Keras 3 layer, so without them a run
    resumed from its checkpoint draws other dropout masks than the uninterrupted run would
    (tested in tests/trainers/test_adversarial.py).
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


class SeqGANTrainer(tf.Module):
    """One generator policy-gradient step, the rollout update, and discriminator rounds.

    The loop that calls them (epochs, evaluation, checkpoints, summaries) owns the schedule.

    Args:
        generator: the `LSTMGenerator` being trained.
        rollout: a network of the generator's architecture: the delayed copy that completes
            prefixes for the rewards.
        discriminator: a `CNNDiscriminator`, compiled by this trainer.
        batch_size: sequences per generator step (SeqGAN: 64).
        num_rollouts: completions per prefix (SeqGAN: 16).
        rollout_rate: r of `theta_roll <- r theta_roll + (1 - r) theta_gen` (0.8; 0 is the
            public code's live-generator behaviour).
        generator_learning_rate, grad_clip: Adam and global-norm clip of the generator (0.01,
            5.0).
        discriminator_learning_rate: Adam of the discriminator (1e-4).
        baseline, reduction: passed to `policy_gradient_loss`.
        moment_weight: weight of the moment-matching term added to the generator loss (0: pure
            SeqGAN; the blog post uses 0.1). It matches the per-position expected token
            embeddings (the discriminator's embedding, held fixed) of the generated batch
            against the embeddings of a real batch.
        seed: seed of the trainer's `keras.random.SeedGenerator`.
        jit_compile: XLA for the generator step and the discriminator's training step;
            `None` chooses per device: on with a GPU, off on CPU, where XLA is slower for
            random sampling and these convolutions (`benchmarks/discriminator_jit.py`).
    """

    def __init__(
        self,
        generator,
        rollout,
        discriminator,
        batch_size=64,
        num_rollouts=16,
        rollout_rate=0.8,
        generator_learning_rate=0.01,
        grad_clip=5.0,
        discriminator_learning_rate=1e-4,
        baseline=False,
        reduction="mean",
        moment_weight=0.0,
        seed=0,
        jit_compile=None,
    ):
        super().__init__()
        if jit_compile is None:
            jit_compile = bool(tf.config.list_logical_devices("GPU"))
        self.jit_compile = bool(jit_compile)
        self.generator = generator
        self.rollout = rollout
        self.discriminator = discriminator
        self.batch_size = batch_size
        self.num_rollouts = num_rollouts
        self.rollout_rate = rollout_rate
        self.baseline = baseline
        self.reduction = reduction
        self.moment_weight = float(moment_weight)
        # FusedAdam: one kernel per variable instead of ~10 element-wise passes
        # (docs/performance.md, "Optimizer"); epsilon 1e-8 is TF1's default, which SeqGAN
        # used for both networks.
        self.generator_optimizer = FusedAdam(
            generator_learning_rate, epsilon=1e-8, global_clipnorm=grad_clip
        )
        self.generator_optimizer.build(generator.trainable_variables)
        discriminator.compile(
            optimizer=FusedAdam(discriminator_learning_rate, epsilon=1e-8),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
            jit_compile=self.jit_compile,
        )
        self.seed_generator = keras.random.SeedGenerator(seed, name="trainer_seed")
        self.compiled_generator_step = tf.function(
            self._generator_step, jit_compile=self.jit_compile
        )
        discriminator.optimizer.build(discriminator.trainable_variables)

    def checkpoint_items(self, with_layer_seeds=True):
        """Everything a bit-exact resume needs, as `tf.train.Checkpoint` keyword arguments.

        The three networks, both optimizers, the trainer's seed state and (with
        `with_layer_seeds`) every layer's seed state; `False` gives the items of checkpoints
        written before layer seeds were saved.
        """
        items = dict(
            generator=self.generator,
            rollout=self.rollout,
            discriminator=self.discriminator,
            generator_optimizer=self.generator_optimizer,
            discriminator_optimizer=self.discriminator.optimizer,
            trainer_seed=self.seed_generator.state.value,
        )
        if with_layer_seeds:
            items["layer_seeds"] = layer_seed_states(
                self.generator, self.rollout, self.discriminator
            )
        return items

    def _next_seed(self):
        return tf.cast(self.seed_generator.next(), tf.int32)

    def generator_step(self, real_tokens):
        """Samples a batch, scores it with rollouts, takes one REINFORCE step. Returns logs.

        `real_tokens` `(B, T)` is a batch of real sequences, used by moment matching only.
        One `tf.function` (`compiled_generator_step`), traced once; with XLA if `jit_compile`.
        """
        return self.compiled_generator_step(real_tokens)

    def _generator_step(self, real_tokens):
        samples = self.generator.sample_batch(self.batch_size, 1.0, self._next_seed())  # (B, T)
        rewards = rollout_rewards(
            self.rollout,
            samples,
            self.discriminator.probability_real,
            self.num_rollouts,
            self._next_seed(),
        )  # (B, T)
        variables = self.generator.trainable_variables
        with tf.GradientTape() as tape:
            logits = self.generator(samples, training=True)  # (B, T, V)
            mask = None  # Text: the positions after a sequence's end token do not count.
            if self.generator.end_token is not None:
                mask = end_mask(samples, self.generator.end_token)  # (B, T)
            loss = policy_gradient_loss(
                logits, samples, rewards, self.baseline, self.reduction, mask
            )
            logs = {"generator_loss": loss, "mean_reward": tf.reduce_mean(rewards)}
            if self.moment_weight > 0.0:
                embeddings = tf.stop_gradient(self.discriminator.embedding.embeddings)  # (V, D)
                moments = moment_matching_loss(
                    tf.gather(embeddings, real_tokens), expected_embeddings(logits, embeddings)
                )
                loss = loss + self.moment_weight * moments
                logs["moment_loss"] = moments
        self.generator_optimizer.apply(tape.gradient(loss, variables), variables)
        return logs

    def update_rollout(self):
        update_rollout_network(self.rollout, self.generator, self.rollout_rate)

    def discriminator_round(self, positives, num_negatives, epochs, seed, verbose=0):
        """Fresh negatives from the generator, then `epochs` epochs on them plus `positives`."""
        negatives = self.generator.sample(num_negatives, seed=seed)
        tokens = np.concatenate([positives, negatives])
        labels = np.concatenate([np.ones(len(positives)), np.zeros(num_negatives)])
        dataset = (
            tf.data.Dataset.from_tensor_slices((tokens, labels.astype("int32")))
            .shuffle(len(tokens), seed=seed)
            .batch(self.batch_size)
            .prefetch(tf.data.AUTOTUNE)
        )
        return self.discriminator.fit(
            dataset, epochs=epochs, verbose=verbose, shuffle=False
        ).history
