"""RelGAN with a plastic discriminator output: one Hebbian trace across training batches."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")  # RelGAN's schedule and everything else.
    config.discriminator_plasticity = "output_stateful"  # The logit layer is a PlasticDense.
    config.discriminator_plastic_rule = "hebb"  # Miconi's decaying Hebbian rule.
    config.discriminator_dropout = 0.0  # As the SeqGAN HebbGAN rows.
    return config
