"""Samplers: autoregressive sampling (and, with the adversarial trainer, Monte-Carlo rollouts)."""

from tf_hebbgan.samplers.autoregressive import sample_sequences

__all__ = ["sample_sequences"]
