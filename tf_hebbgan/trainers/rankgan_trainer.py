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
    import numpy as np

    from tf_hebbgan.models import CNNRanker, LSTMGenerator

    generator = LSTMGenerator(10, 4, 4, 5)  # vocabulary 10, length 5
    rollout = LSTMGenerator(10, 4, 4, 5)  # the delayed copy the rollouts sample from
    rollout.set_weights(generator.get_weights())
    ranker = CNNRanker(10, 5, 8, (1, 2), (3, 3), num_references=3, num_comparison=5)
    trainer = RankGANTrainer(generator, rollout, ranker, batch_size=4, num_rollouts=2)
    real = np.random.default_rng(0).integers(0, 10, (16, 5)).astype("int32")  # (N, T) ids
    trainer.discriminator_round(real, num_negatives=16, epochs=1, seed=0)  # new U and C+
    logs = trainer.generator_step(real[:4])
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
