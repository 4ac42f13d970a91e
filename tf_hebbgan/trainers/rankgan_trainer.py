"""`RankGANTrainer`: RankGAN's adversarial steps (Lin et al. 2017) on SeqGAN's machinery."""

import numpy as np

from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer


class RankGANTrainer(SeqGANTrainer):
    """SeqGAN's trainer with a `CNNRanker` in the discriminator's place.

    The generator step is SeqGAN's (Monte-Carlo rollouts, the policy update, the delayed
    rollout network); its reward is the ranker's `probability_real`, the rank score of each
    completed sentence against the ranker's real comparison set. Each discriminator round
    first draws the ranker's references `U` and comparison set `C+` from the real sentences
    (with the round's seed), then trains it on fresh negatives with its ranking loss.

    Args:
        generator, rollout: as `SeqGANTrainer`.
        ranker: a `CNNRanker`, compiled by this trainer.
        **kwargs: `SeqGANTrainer`'s other arguments.

    Example:

    ```python
    trainer = RankGANTrainer(generator, rollout, CNNRanker(5000, 20), batch_size=64)
    trainer.discriminator_round(real, num_negatives=10000, epochs=3, seed=0)
    logs = trainer.generator_step(real[:64])
    ```
    """

    def __init__(self, generator, rollout, ranker, **kwargs):
        super().__init__(generator, rollout, ranker, **kwargs)
        # The ranker trains with its own loss: the classifier's loss and accuracy go.
        ranker.compile(optimizer=ranker.optimizer, jit_compile=self.jit_compile)

    @property
    def min_positives(self):
        """A round draws the ranker's references and comparison set from its positives."""
        return self.discriminator.num_references + self.discriminator.num_comparison

    def reward_scorer(self):
        """The ranker's rank score, its real sets' features computed once for the step
        rather than once per prefix length."""
        return self.discriminator.rank_scorer()

    def discriminator_round(self, positives, num_negatives, epochs, seed, verbose=0):
        """New references and comparison set from `positives`, then SeqGAN's round."""
        ranker = self.discriminator
        count = self.min_positives
        if len(positives) < count:
            raise ValueError(
                f"The ranker draws {count} real sentences (references and comparison set); "
                f"the training set has {len(positives)}."
            )
        chosen = np.random.default_rng(seed).choice(len(positives), count, replace=False)
        real = np.asarray(positives)[chosen]
        ranker.set_real(real[: ranker.num_references], real[ranker.num_references :])
        return super().discriminator_round(positives, num_negatives, epochs, seed, verbose)
