"""`SeqGANTrainer`: the steps of SeqGAN's adversarial phase (Yu et al. 2017)."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.data.oracle_data import fit_epoch_order
from tf_hebbgan.data.pipeline import finished
from tf_hebbgan.data.tokens import end_mask
from tf_hebbgan.losses.moment_matching import expected_embeddings, moment_matching_loss
from tf_hebbgan.losses.policy_gradient import policy_gradient_loss
from tf_hebbgan.optimizers.fused_adam import FusedAdam
from tf_hebbgan.samplers.rollout import rollout_rewards
from tf_hebbgan.trainers.mle import steps_per_execution
from tf_hebbgan.trainers.rollout_update import update_rollout_network


def _replica_mean(value):
    """The mean of `value` over the replicas (identity outside a strategy)."""
    context = tf.distribute.get_replica_context()
    return context.all_reduce(tf.distribute.ReduceOp.MEAN, value)


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

    Under a `tf.distribute` strategy (build the networks and the trainer in its `scope()`),
    each of the n replicas samples, scores and differentiates `batch_size / n` sequences;
    their gradients are summed before the clip (`tf_hebbgan.optimizers.Adam`), and the loss
    is scaled so that the update is the global batch's: given the same samples and rewards,
    the update of one device (tested). Replica r draws from the trainer's seed folded with r,
    so a run on n devices follows other random streams than one on a single device.
    """

    min_positives = 1  # Real sequences a discriminator round needs at the least.

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
        self.strategy = tf.distribute.get_strategy()
        num_replicas = self.strategy.num_replicas_in_sync
        if batch_size % num_replicas:
            raise ValueError(
                f"batch_size {batch_size} does not split evenly over {num_replicas} replicas."
            )
        # XLA compiles the replica's step; the strategy's run around it stays a plain graph.
        self._replica_generator_step = tf.function(
            self._generator_step, jit_compile=self.jit_compile
        )
        self.compiled_generator_step = tf.function(self._distributed_generator_step)
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

    def _distributed_generator_step(self, real_tokens):
        seeds = self._next_seed(), self._next_seed()  # Drawn once, outside the replicas.
        logs = self.strategy.run(self._replica_generator_step, args=(real_tokens, *seeds))
        return self.reduce_logs(logs)

    def reduce_logs(self, logs):
        """The batch's figures from the replicas' `logs` of `policy_update`."""

        def reduce(name, value):
            total = name == "generator_loss" and self.reduction == "sum"
            operation = tf.distribute.ReduceOp.SUM if total else tf.distribute.ReduceOp.MEAN
            return self.strategy.reduce(operation, value, axis=None)

        return {name: reduce(name, value) for name, value in logs.items()}

    def _generator_step(self, real_tokens, sample_seed, rollout_seed):
        context = tf.distribute.get_replica_context()
        num_replicas = context.num_replicas_in_sync
        size = self.batch_size // num_replicas
        if num_replicas > 1:  # This replica's share of the batch, and its own streams.
            replica = context.replica_id_in_sync_group
            real_tokens = real_tokens[replica * size : (replica + 1) * size]  # (B/n, T)
            sample_seed = tf.random.experimental.stateless_fold_in(sample_seed, replica)
            rollout_seed = tf.random.experimental.stateless_fold_in(rollout_seed, replica)
        samples = self.generator.sample_batch(size, 1.0, sample_seed)  # (B/n, T)
        rewards = self.rewards(samples, rollout_seed)  # (B/n, T)
        return self.policy_update(samples, rewards, real_tokens)

    def rewards(self, samples, seed):
        """The `(b, T)` action values of `samples` `(b, T)`: SeqGAN's, from `num_rollouts`
        Monte-Carlo completions of every prefix by the rollout network, drawn with `seed`."""
        return rollout_rewards(self.rollout, samples, self.reward_scorer(), self.num_rollouts, seed)

    def reward_scorer(self):
        """The function `(b', T) tokens -> (b',)` that scores the rollouts' completions: the
        discriminator's `probability_real`."""
        return self.discriminator.probability_real

    def policy_update(self, samples, rewards, real_tokens):
        """One generator update on `samples` `(b, T)` with `rewards` `(b, T)`; returns logs.

        In a replica context of n replicas, the arguments are the replica's share of the
        batch: the per-time-step baseline and the moments come from the whole batch
        (all-reduced), and the loss is scaled by 1 / n, so that the sum of the replicas'
        gradients is the gradient of the batch. `logs` hold the replica's unscaled figures.
        """
        num_replicas = tf.distribute.get_replica_context().num_replicas_in_sync
        logs = {"mean_reward": tf.reduce_mean(rewards)}
        baseline = self.baseline
        if baseline and num_replicas > 1:  # The mean over the whole batch, per time step.
            rewards = rewards - _replica_mean(tf.reduce_mean(rewards, axis=0, keepdims=True))
            baseline = False
        variables = self.generator.trainable_variables
        with tf.GradientTape() as tape:
            logits = self.generator(samples, training=True)  # (b, T, V)
            mask = None  # Text: the positions after a sequence's end token do not count.
            if self.generator.end_token is not None:
                mask = end_mask(samples, self.generator.end_token)  # (b, T)
            loss = policy_gradient_loss(logits, samples, rewards, baseline, self.reduction, mask)
            logs["generator_loss"] = loss
            if num_replicas > 1 and self.reduction == "mean":  # A "sum" adds up as it is.
                loss = loss / num_replicas
            if self.moment_weight > 0.0:
                embeddings = tf.stop_gradient(self.discriminator.embedding.embeddings)  # (V, D)
                moments = moment_matching_loss(
                    tf.gather(embeddings, real_tokens), expected_embeddings(logits, embeddings)
                )  # The batch's, on every replica.
                logs["moment_loss"] = moments
                if num_replicas > 1:
                    moments = moments / num_replicas
                loss = loss + self.moment_weight * moments
        self.generator_optimizer.apply(tape.gradient(loss, variables), variables)
        return logs

    def update_rollout(self):
        update_rollout_network(self.rollout, self.generator, self.rollout_rate)

    def execute_epochs_whole(self, steps):
        """One call into the graph per discriminator epoch of `steps` steps: Keras'
        `steps_per_execution` set to the epoch's largest divisor, the epoch itself (1 under
        several replicas). The same steps in the same order (bit for bit, tested) without
        Keras' per-step Python work (5-10 % of a step: docs/performance.md); a round's count
        is often prime (ceil(20,000 / 64) = 313), so no smaller divisor would do."""
        steps = steps_per_execution(steps, steps, self.strategy)
        if self.discriminator.steps_per_execution != steps:
            self.discriminator.steps_per_execution = steps
            self.discriminator.make_train_function(force=True)  # The loop is traced with it.

    def discriminator_round(self, positives, num_negatives, epochs, seed, verbose=0):
        """Fresh negatives from the generator, then `epochs` epochs on them plus `positives`."""
        negatives = self.generator.sample(num_negatives, seed=seed)
        tokens = tf.constant(np.concatenate([positives, negatives]).astype("int32"))
        labels = tf.constant(
            np.concatenate([np.ones(len(positives)), np.zeros(num_negatives)]).astype("int32")
        )

        def batches():
            dataset = tf.data.Dataset.from_tensor_slices((tokens, labels))
            return dataset.shuffle(len(tokens), seed=seed).batch(self.batch_size)

        steps = -(-len(tokens) // self.batch_size)
        # The order of a plain `fit(batches())`, also under a strategy (which iterates twice).
        dataset = finished(fit_epoch_order(batches, steps))
        self.execute_epochs_whole(steps)
        return self.discriminator.fit(
            dataset, epochs=epochs, steps_per_epoch=steps, verbose=verbose, shuffle=False
        ).history
