"""Losses, as pure functions with shapes in their docstrings."""

from tf_hebbgan.losses.gan_losses import (
    GAN_LOSSES,
    gradient_penalty,
    hinge_loss,
    rsgan_loss,
    standard_loss,
    wgan_loss,
)
from tf_hebbgan.losses.leakgan import (
    goal_sums,
    intrinsic_rewards,
    manager_cosines,
    rescaled_rewards,
)
from tf_hebbgan.losses.maligan_reward import maligan_rewards
from tf_hebbgan.losses.moment_matching import expected_embeddings, moment_matching_loss
from tf_hebbgan.losses.policy_gradient import policy_gradient_loss
from tf_hebbgan.losses.ranking import batch_log_rank, cosine_relevance, log_rank, ranker_loss

__all__ = [
    "GAN_LOSSES",
    "batch_log_rank",
    "cosine_relevance",
    "expected_embeddings",
    "goal_sums",
    "gradient_penalty",
    "hinge_loss",
    "intrinsic_rewards",
    "log_rank",
    "maligan_rewards",
    "manager_cosines",
    "moment_matching_loss",
    "policy_gradient_loss",
    "ranker_loss",
    "rescaled_rewards",
    "rsgan_loss",
    "standard_loss",
    "wgan_loss",
]
