"""HebbGAN, output/stateful: the final layer plastic, one trace across discriminator batches.

The trace is reset at each adversarial epoch; rewards and evaluation read it unchanged.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The SeqGAN schedule and everything else.
    config.discriminator_plasticity = "output_stateful"  # Where the plasticity sits.
    config.discriminator_plastic_rule = "hebb"  # Miconi's decaying Hebbian rule.
    config.discriminator_dropout = 0.0  # The paper drops the discriminator's dropout.
    return config
