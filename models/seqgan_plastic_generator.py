"""SeqGAN with the plastic generator (PlasticLSTMCell): the HebbGAN paper's future work."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The SeqGAN schedule and discriminator.
    config.generator_plastic_rule = "hebb"  # Plastic h -> candidate path in the generator.
    return config
