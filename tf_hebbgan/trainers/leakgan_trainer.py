"""`LeakGANTrainer`: LeakGAN's adversarial steps (Guo et al. 2018) on SeqGAN's machinery."""

import tensorflow as tf

from tf_hebbgan.data.tokens import end_mask
from tf_hebbgan.distribute import gather_batch
from tf_hebbgan.losses.leakgan import intrinsic_rewards, manager_cosines, rescaled_rewards
from tf_hebbgan.losses.policy_gradient import policy_gradient_loss
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer


def manager_variables(generator):
    """The manager's weights of a `LeakGANGenerator`: its LSTM and goal layer."""
    cell = generator.cell
    return [*cell.manager.trainable_variables, *cell.goal.trainable_variables]


def worker_variables(generator):
    """Every other trainable weight of a `LeakGANGenerator`: the worker's LSTM, embedding,
    goal projection `psi`, output matrix, and the initial goal (which acts through the
    worker's first goal directions only; no manager loss reaches it)."""
    manager = {id(variable) for variable in manager_variables(generator)}
    return [v for v in generator.trainable_variables if id(v) not in manager]


class LeakGANTrainer(SeqGANTrainer):
    """SeqGAN's trainer with LeakGAN's generator step and leaked features.

    The rollouts (Monte-Carlo completions by the delayed rollout network, scored by the
    discriminator) are SeqGAN's; the update rescales their action values by their rank in
    the batch (`rescaled_rewards`). The manager follows `-mean Q_t cos(f_{t+c} - f_t, g_t)`;
    the worker follows REINFORCE with the intrinsic reward of the goals its tokens moved the
    features along (token `y_t` is credited with the features of `y_<=t`). Each loss trains its own
    module's weights only, as in LeakGAN. With `interleave_mle`, each generator step ends with
    a maximum-likelihood step on the step's real batch (the worker's cross-entropy and the
    manager's goal loss on real text: LeakGAN's interleaved training). After every
    discriminator round, the generator's and the rollout network's leaked features are
    refreshed from the discriminator.

    Args:
        generator, rollout: `LeakGANGenerator`s of one architecture.
        discriminator: a `CNNDiscriminator` whose sizes match the generator's leak.
        rescale_delta: the sharpness of the rank rescaling (LeakGAN: 16).
        interleave_mle: a maximum-likelihood step after each adversarial one.
        **kwargs: `SeqGANTrainer`'s other arguments (`moment_weight` aside).

    Example:

    ```python
    import numpy as np

    from tf_hebbgan.models import CNNDiscriminator, LeakGANGenerator

    sizes = dict(goal_size=3, horizon=2, leak_embedding_dim=8)
    sizes.update(filter_sizes=(1, 2), num_filters=(3, 3), sequence_length=5)
    generator = LeakGANGenerator(10, 4, 4, **sizes)  # vocabulary 10, length 5
    rollout = LeakGANGenerator(10, 4, 4, **sizes)
    rollout.set_weights(generator.get_weights())
    discriminator = CNNDiscriminator(10, 5, 8, (1, 2), (3, 3))
    trainer = LeakGANTrainer(generator, rollout, discriminator, batch_size=4, num_rollouts=2)
    real = np.random.default_rng(0).integers(0, 10, (16, 5)).astype("int32")  # (N, T) ids
    trainer.discriminator_round(real, num_negatives=16, epochs=1, seed=0)  # then the leak
    logs = trainer.generator_step(real[:4])  # manager_loss, mle_loss, ...
    ```
    """

    def __init__(
        self, generator, rollout, discriminator, rescale_delta=16.0, interleave_mle=True, **kwargs
    ):
        if kwargs.get("moment_weight", 0.0):
            raise ValueError("LeakGAN takes no moment_weight: its worker follows its goals.")
        super().__init__(generator, rollout, discriminator, **kwargs)
        self.rescale_delta = float(rescale_delta)
        self.interleave_mle = bool(interleave_mle)
        self.horizon = generator.cell.horizon
        self._manager = manager_variables(generator)
        self._worker = worker_variables(generator)
        self.sync_leak()

    def sync_leak(self):
        """The discriminator's current body into the generator's and the rollout's leak."""
        self.generator.leak_from(self.discriminator)
        self.rollout.leak_from(self.discriminator)

    def rescaled(self, rewards):
        """`rewards` `(b, T)` rescaled by their rank in the whole batch: under n replicas each
        gathers the others' shares, so the ranks are those of one device (tested)."""
        context = tf.distribute.get_replica_context()
        if context.num_replicas_in_sync == 1:
            return rescaled_rewards(rewards, self.rescale_delta)
        everyone = gather_batch(rewards)  # (B, T)
        size = tf.shape(rewards)[0]
        start = context.replica_id_in_sync_group * size
        return rescaled_rewards(everyone, self.rescale_delta)[start : start + size]  # (b, T)

    def _scale(self, loss):
        """A replica's share of a batch-mean loss: the replicas' gradients are summed."""
        return loss / tf.distribute.get_replica_context().num_replicas_in_sync

    def _losses(self, tokens, rewards=None):
        """`(worker loss, manager loss)` on `tokens` `(b, T)`: adversarial with `rewards`
        `(b, T)`, maximum likelihood without."""
        mask = None
        if self.generator.end_token is not None:
            mask = end_mask(tokens, self.generator.end_token)  # (b, T)
        length = tokens.shape[1]
        features = tf.stop_gradient(self.generator.leaked_features(tokens))  # (b, T + 1, F)
        logits, _, goals = self.generator.hierarchy(tokens, True, features)  # (b, T, V), (b, T, F)
        goals = tf.pad(goals, [[0, 0], [0, 1], [0, 0]])  # (b, T + 1, F): no goal after the end.
        cosines = manager_cosines(features, goals, self.horizon)[:, :length]  # (b, T)
        weights = tf.ones_like(cosines) if mask is None else mask
        if rewards is None:  # Maximum likelihood: cross-entropy and the plain goal loss.
            losses = tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, logits)  # (b, T)
            worker = tf.reduce_sum(losses * weights) / tf.reduce_sum(weights)
        else:
            intrinsic = intrinsic_rewards(features, goals, self.horizon)[:, 1:]  # (b, T)
            worker = policy_gradient_loss(logits, tokens, intrinsic, False, self.reduction, mask)
            cosines = cosines * rewards
        manager = -tf.reduce_sum(cosines * weights) / tf.reduce_sum(weights)
        return worker, manager

    def _apply(self, tape, worker, manager):
        """Each loss to its own module's weights, in one optimizer step."""
        worker_gradients = tape.gradient(worker, self._worker)
        manager_gradients = tape.gradient(manager, self._manager)
        self.generator_optimizer.apply(
            worker_gradients + manager_gradients, self._worker + self._manager
        )

    def policy_update(self, samples, rewards, real_tokens):
        """LeakGAN's manager and worker updates on `samples` `(b, T)` with `rewards` `(b, T)`
        (rank-rescaled here), then (with `interleave_mle`) one on `real_tokens` `(b, T)`."""
        logs = {"mean_reward": tf.reduce_mean(rewards)}
        with tf.GradientTape(persistent=True) as tape:
            worker, manager = self._losses(samples, self.rescaled(rewards))
            logs["generator_loss"], logs["manager_loss"] = worker, manager
            if self.reduction == "mean":
                worker = self._scale(worker)
            manager = self._scale(manager)
        self._apply(tape, worker, manager)
        if self.interleave_mle:
            with tf.GradientTape(persistent=True) as tape:
                worker, manager = self._losses(real_tokens)
                logs["mle_loss"], logs["mle_goal_loss"] = worker, manager
                worker, manager = self._scale(worker), self._scale(manager)
            self._apply(tape, worker, manager)
        return logs

    def discriminator_round(self, positives, num_negatives, epochs, seed, verbose=0):
        """SeqGAN's round, then the discriminator's new body leaks to the generator."""
        history = super().discriminator_round(positives, num_negatives, epochs, seed, verbose)
        self.sync_leak()
        return history
