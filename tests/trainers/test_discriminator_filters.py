"""`discriminator_filter_scale`: every REINFORCE method's discriminator (and LeakGAN's leak,
RankGAN's ranker) is SeqGAN's with its filter counts scaled."""

import types

import pytest

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.trainers.families import adversarial_phase
from tf_hebbgan.trainers.mle_phase import build_generator

SCALED = (5, 10, 10, 10, 10, 5, 5, 5, 5, 5, 8, 8)  # round(count * 0.05): SeqGAN's 1,720 -> 86.


@pytest.mark.parametrize("preset", ["seqgan", "maligan", "rankgan", "leakgan"])
@pytest.mark.parametrize("scale,filters", [(1.0, 1720), (0.05, sum(SCALED))])
def test_every_method_builds_the_scaled_discriminator(preset, scale, filters):
    config = apply_overrides(load_preset(f"{preset}_tiny"), [f"discriminator_filter_scale={scale}"])
    discriminator = adversarial_phase(config).build_discriminator(config, 50, 20)
    assert discriminator.feature_dim == filters
    if preset == "leakgan":  # The leak is the discriminator's body: the same features.
        data = types.SimpleNamespace(vocabulary_size=50, sequence_length=20, start_token=0)
        assert build_generator(config, data).feature_dim == filters


def test_short_sequences_keep_the_sizes_that_fit():
    config = apply_overrides(load_preset("seqgan_tiny"), ["discriminator_filter_scale=0.05"])
    discriminator = adversarial_phase(config).build_discriminator(config, 50, 3)
    assert discriminator.feature_dim == sum(SCALED[:3])


@pytest.mark.parametrize("scale", ["0", "-1", "11"])
def test_a_scale_out_of_range_is_refused(scale):
    with pytest.raises(ValueError, match="discriminator_filter_scale"):
        apply_overrides(load_preset("seqgan_tiny"), [f"discriminator_filter_scale={scale}"])
