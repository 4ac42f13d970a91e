"""HebbGAN on COCO: the oracle study's best HebbGAN (output layer plastic, stateful trace)."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_coco")
    config.discriminator_plasticity = "output_stateful"  # The best row of the oracle table.
    config.discriminator_plastic_rule = "hebb"  # Miconi's decaying Hebbian rule.
    config.discriminator_dropout = 0.0  # The paper drops the discriminator's dropout.
    return config
