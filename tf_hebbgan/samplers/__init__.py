"""Samplers: autoregressive sampling and Monte-Carlo rollout rewards."""

from tf_hebbgan.samplers.autoregressive import sample_sequences
from tf_hebbgan.samplers.rollout import rollout_rewards

__all__ = ["rollout_rewards", "sample_sequences"]
