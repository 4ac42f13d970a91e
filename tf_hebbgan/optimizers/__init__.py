"""Optimizers."""

from tf_hebbgan.optimizers.fused_adam import FusedAdam

__all__ = ["FusedAdam"]
