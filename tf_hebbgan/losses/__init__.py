"""Losses, as pure functions with shapes in their docstrings."""

from tf_hebbgan.losses.policy_gradient import policy_gradient_loss

__all__ = ["policy_gradient_loss"]
