"""Losses, as pure functions with shapes in their docstrings."""

from tf_hebbgan.losses.moment_matching import expected_embeddings, moment_matching_loss
from tf_hebbgan.losses.policy_gradient import policy_gradient_loss

__all__ = ["expected_embeddings", "moment_matching_loss", "policy_gradient_loss"]
