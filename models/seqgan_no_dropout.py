"""SeqGAN without the discriminator's dropout: the control for the HebbGAN recipes.

Every HebbGAN recipe makes two changes to SeqGAN, a plastic layer and no dropout (the paper
drops it). This recipe makes only the second, so a HebbGAN row can be compared with a
discriminator that differs from it by the plasticity alone.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The SeqGAN schedule and everything else.
    config.discriminator_dropout = 0.0  # As the HebbGAN recipes; nothing plastic.
    return config
