"""HebbGAN: SeqGAN with the highway transform plastic (stateful trace) instead of the output."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The SeqGAN schedule and everything else.
    config.discriminator_plasticity = "highway_stateful"  # Where the plasticity sits.
    config.discriminator_plastic_rule = "hebb"  # Miconi's decaying Hebbian rule.
    config.discriminator_dropout = 0.0  # The paper drops the discriminator's dropout.
    return config
