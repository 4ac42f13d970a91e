"""`MaliGANTrainer`: MaliGAN's adversarial steps (Che et al. 2017) on SeqGAN's machinery."""

import tensorflow as tf

from tf_hebbgan.losses.maligan_reward import maligan_rewards
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer, layer_seed_states


class MaliGANTrainer(SeqGANTrainer):
    """SeqGAN's trainer with MaliGAN's generator step: no rollouts, and every token of a
    sampled sequence weighted by the sequence's normalised reward `D / (1 - D)` minus the
    batch mean (`maligan_rewards`). The discriminator, its rounds, the policy update (with its
    text mask, moment matching and `tf.distribute` handling), checkpoints and seeds are
    SeqGAN's.

    Args:
        generator: the `LSTMGenerator` being trained.
        discriminator: a `CNNDiscriminator`.
        **kwargs: `SeqGANTrainer`'s other arguments but the rollout ones (`batch_size`,
            the learning rates, `grad_clip`, `reduction`, `moment_weight`, `seed`,
            `jit_compile`); MaliGAN's reward has its own baseline.

    Example:

    ```python
    import numpy as np

    from tf_hebbgan.models import CNNDiscriminator, LSTMGenerator

    generator = LSTMGenerator(10, 4, 4, 5)  # vocabulary 10, length 5
    discriminator = CNNDiscriminator(10, 5, 8, (1, 2), (3, 3))
    trainer = MaliGANTrainer(generator, discriminator, batch_size=4)
    real = np.random.default_rng(0).integers(0, 10, (16, 5)).astype("int32")  # (N, T) ids
    trainer.discriminator_round(real, num_negatives=16, epochs=1, seed=0)
    logs = trainer.generator_step(real[:4])  # mean_reward, generator_loss, ...
    ```
    """

    def __init__(self, generator, discriminator, **kwargs):
        super().__init__(generator, None, discriminator, num_rollouts=0, **kwargs)

    def checkpoint_items(self, with_layer_seeds=True):
        items = super().checkpoint_items(with_layer_seeds=False)
        del items["rollout"]
        if with_layer_seeds:
            items["layer_seeds"] = layer_seed_states(self.generator, self.discriminator)
        return items

    def update_rollout(self):
        """MaliGAN has no rollout network."""

    def rewards(self, samples, seed):
        """Every token of each of `samples` `(b, T)` gets its sequence's MaliGAN reward."""
        del seed  # No rollouts: the discriminator scores whole sequences.
        rewards = maligan_rewards(self.discriminator.probability_real(samples))  # (b,)
        return tf.tile(rewards[:, None], [1, tf.shape(samples)[1]])  # (b, T)
