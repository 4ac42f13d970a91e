"""Optimizers."""

from tf_hebbgan.optimizers.adam import Adam
from tf_hebbgan.optimizers.fused_adam import FusedAdam

__all__ = ["Adam", "FusedAdam"]
