"""Samplers: a fast exact categorical draw, autoregressive sampling, rollout rewards."""

from tf_hebbgan.samplers.autoregressive import sample_sequences
from tf_hebbgan.samplers.categorical import categorical
from tf_hebbgan.samplers.rollout import rollout_rewards

__all__ = ["categorical", "rollout_rewards", "sample_sequences"]
