"""HebbGAN, output/sequence: the final layer plastic over positions, a trace per sequence.

The paper's best variant ("plasticity during softmax").
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The SeqGAN schedule and everything else.
    config.discriminator_plasticity = "output_sequence"  # Where the plasticity sits.
    config.discriminator_plastic_rule = "hebb"  # Miconi's decaying Hebbian rule.
    config.discriminator_dropout = 0.0  # The paper drops the discriminator's dropout.
    return config
