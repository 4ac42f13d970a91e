"""`RelGANTrainer`: the adversarial step of the Gumbel-softmax family (GSGAN, RelGAN)."""

import keras
import tensorflow as tf

from tf_hebbgan.losses.gan_losses import GAN_LOSSES, gradient_penalty
from tf_hebbgan.optimizers.fused_adam import FusedAdam
from tf_hebbgan.trainers.seqgan_trainer import layer_seed_states


class RelGANTrainer(tf.Module):
    """One adversarial step: a generator update through the Gumbel-softmax relaxation, then
    `discriminator_steps` discriminator updates, each on a fresh generated batch (RelGAN's
    `gsteps = 1`, `dsteps = 5`).

    The generator's relaxed one-hot samples go straight into the discriminator, so the
    generator's loss is differentiated through it; no rewards, no rollouts. The loop that calls
    `train_step` (temperature schedule, evaluation, checkpoints, summaries) owns the schedule.

    Args:
        generator: an `LSTMGenerator` (GSGAN) or `RelationalMemoryGenerator` (RelGAN).
        discriminator: a `RelGANDiscriminator`.
        batch_size: sequences per update (RelGAN: 64).
        loss: a name of `tf_hebbgan.losses.GAN_LOSSES` (`"rsgan"`, RelGAN's default;
            `"standard"`, `"hinge"`, `"wgan-gp"`).
        generator_learning_rate, discriminator_learning_rate: the two Adams (RelGAN: 1e-4).
        grad_clip: global-norm clip of both networks' gradients (RelGAN: 5.0).
        discriminator_steps: discriminator updates per generator update.
        gp_weight: the gradient penalty's weight under `"wgan-gp"`.
        seed: seed of the trainer's `keras.random.SeedGenerator` (the Gumbel noise).
        jit_compile: XLA for a replica's step; `None`: on with a GPU, off on CPU.

    Under a `tf.distribute` strategy each of the n replicas generates and scores `batch_size
    / n` sequences, drawing its rows of the global batch's noise, and the loss is scaled by
    `1 / n`, so that the summed gradient is the global batch's: without dropout, the update of
    one device (tested).

    Example:

    ```python
    import numpy as np

    from tf_hebbgan.models import RelationalMemoryGenerator, RelGANDiscriminator

    generator = RelationalMemoryGenerator(10, head_size=4, sequence_length=6)
    discriminator = RelGANDiscriminator(10, 6, embedding_dim=4, num_rep=2, num_filters=(3,) * 4)
    trainer = RelGANTrainer(generator, discriminator, batch_size=4, discriminator_steps=2)
    shape = (1 + 2, 4, 6)  # a real batch for the generator's and each discriminator's update
    real = np.random.default_rng(0).integers(0, 10, shape).astype("int32")
    logs = trainer.train_step(real, temperature=1.0)
    ```
    """

    def __init__(
        self,
        generator,
        discriminator,
        batch_size=64,
        loss="rsgan",
        generator_learning_rate=1e-4,
        discriminator_learning_rate=1e-4,
        grad_clip=5.0,
        discriminator_steps=5,
        gp_weight=10.0,
        seed=0,
        jit_compile=None,
    ):
        super().__init__()
        if loss not in GAN_LOSSES:
            raise ValueError(f"loss must be one of {sorted(GAN_LOSSES)}; got {loss!r}.")
        if jit_compile is None:
            jit_compile = bool(tf.config.list_logical_devices("GPU"))
        self.generator = generator
        self.discriminator = discriminator
        self.batch_size = batch_size
        self.loss = loss
        self.discriminator_steps = discriminator_steps
        self.gp_weight = float(gp_weight)
        self.jit_compile = bool(jit_compile)
        self.generator_optimizer = FusedAdam(generator_learning_rate, global_clipnorm=grad_clip)
        self.generator_optimizer.build(generator.trainable_variables)
        self.discriminator_optimizer = FusedAdam(
            discriminator_learning_rate, global_clipnorm=grad_clip
        )
        self.discriminator_optimizer.build(discriminator.trainable_variables)
        self.seed_generator = keras.random.SeedGenerator(seed, name="trainer_seed")
        self.strategy = tf.distribute.get_strategy()
        if batch_size % self.strategy.num_replicas_in_sync:
            raise ValueError(
                f"batch_size {batch_size} does not split evenly over "
                f"{self.strategy.num_replicas_in_sync} replicas."
            )
        self._replica_step = tf.function(self._step, jit_compile=self.jit_compile)
        self._compiled_step = tf.function(self._distributed_step)

    def checkpoint_items(self):
        """Everything a bit-exact resume needs, as `tf.train.Checkpoint` keyword arguments."""
        return dict(
            generator=self.generator,
            discriminator=self.discriminator,
            generator_optimizer=self.generator_optimizer,
            discriminator_optimizer=self.discriminator_optimizer,
            trainer_seed=self.seed_generator.state.value,
            layer_seeds=layer_seed_states(self.generator, self.discriminator),
        )

    def train_step(self, real, temperature):
        """One generator update and `discriminator_steps` discriminator updates.

        Args:
            real: `(1 + discriminator_steps, batch_size, T)` int32 real sequences, one batch
                per update (the generator's first).
            temperature: the Gumbel-softmax temperature (`1 / beta` of RelGAN's schedule).

        Returns:
            `{"generator_loss", "discriminator_loss"}` (the last discriminator update's) and
            `"logit_gap"`, the mean real minus fake logit of that update.
        """
        temperature = tf.constant(temperature, tf.float32)
        return {
            name: float(value)
            for name, value in self._compiled_step(tf.cast(real, tf.int32), temperature).items()
        }

    def _distributed_step(self, real, temperature):
        seeds = tf.stack(
            [self._next_seed() for _ in range(2 * (1 + self.discriminator_steps))]
        )  # (2 * (1 + k), 2): the noise of every update and a penalty seed, drawn once.
        logs = self.strategy.run(self._replica_step, args=(real, temperature, seeds))
        return {
            name: self.strategy.reduce(tf.distribute.ReduceOp.MEAN, value, axis=None)
            for name, value in logs.items()
        }

    def _next_seed(self):
        return tf.cast(self.seed_generator.next(), tf.int32)

    def _step(self, real, temperature, seeds):
        context = tf.distribute.get_replica_context()
        replicas = context.num_replicas_in_sync
        size = self.batch_size // replicas
        offset = 0
        if replicas > 1:  # This replica's share of every batch, and of its noise.
            offset = context.replica_id_in_sync_group * size
            real = real[:, offset : offset + size]  # (1 + k, B/n, T)
            real = tf.reshape(real, [1 + self.discriminator_steps, size, -1])  # Static B/n.
        rows = dict(offset=offset, total=self.batch_size)
        logs = {"generator_loss": self._generator_update(real[0], temperature, seeds[0], rows)}
        for index in range(1, 1 + self.discriminator_steps):
            logs.update(
                self._discriminator_update(
                    real[index], temperature, seeds[2 * index], seeds[2 * index + 1], rows
                )
            )
        return logs

    def _losses(self, real, fake):
        real_logits = self.discriminator(real, training=True)  # (b, R)
        fake_logits = self.discriminator(fake, training=True)  # (b, R)
        return real_logits, fake_logits, GAN_LOSSES[self.loss](real_logits, fake_logits)

    def _generator_update(self, real, temperature, seed, rows):
        replicas = tf.distribute.get_replica_context().num_replicas_in_sync
        variables = self.generator.trainable_variables
        with tf.GradientTape() as tape:
            _, fake = self.generator.sample_relaxed(real.shape[0], temperature, seed, **rows)
            _, _, (_, loss) = self._losses(real, fake)
            scaled = loss / tf.cast(replicas, loss.dtype)
        self.generator_optimizer.apply(tape.gradient(scaled, variables), variables)
        return loss

    def _discriminator_update(self, real, temperature, seed, penalty_seed, rows):
        replicas = tf.distribute.get_replica_context().num_replicas_in_sync
        _, fake = self.generator.sample_relaxed(real.shape[0], temperature, seed, **rows)
        fake = tf.stop_gradient(fake)  # (b, T, V)
        variables = self.discriminator.trainable_variables
        with tf.GradientTape() as tape:
            real_logits, fake_logits, (loss, _) = self._losses(real, fake)
            total = loss
            if self.loss == "wgan-gp":
                one_hot = tf.one_hot(real, self.generator.vocabulary_size)  # (b, T, V)
                penalty = gradient_penalty(
                    lambda x: self.discriminator(x, training=True),
                    one_hot,
                    fake,
                    penalty_seed,
                    **rows,
                )
                total = loss + self.gp_weight * penalty
            total = total / tf.cast(replicas, total.dtype)
        self.discriminator_optimizer.apply(tape.gradient(total, variables), variables)
        gap = tf.reduce_mean(real_logits) - tf.reduce_mean(fake_logits)
        return {"discriminator_loss": loss, "logit_gap": gap}
