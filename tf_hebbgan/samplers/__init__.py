"""Samplers: a fast exact categorical draw, autoregressive sampling, rollout rewards, and the
Gumbel-softmax relaxation with its temperature schedules."""

from tf_hebbgan.samplers.autoregressive import sample_sequences
from tf_hebbgan.samplers.categorical import categorical
from tf_hebbgan.samplers.gumbel import gumbel_noise, gumbel_softmax, relaxed_step
from tf_hebbgan.samplers.rollout import rollout_rewards
from tf_hebbgan.samplers.temperature_schedule import inverse_temperature

__all__ = [
    "categorical",
    "gumbel_noise",
    "gumbel_softmax",
    "inverse_temperature",
    "relaxed_step",
    "rollout_rewards",
    "sample_sequences",
]
