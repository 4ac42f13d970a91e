"""RelGAN with a plastic discriminator output whose trace runs over each sequence's prefixes.

It runs the highway on every prefix: about 20 times the discriminator's plain cost.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")  # RelGAN's schedule and everything else.
    config.discriminator_plasticity = "output_sequence"  # A trace per sequence.
    config.discriminator_plastic_rule = "hebb"  # Miconi's decaying Hebbian rule.
    config.discriminator_dropout = 0.0  # As the SeqGAN HebbGAN rows.
    return config
