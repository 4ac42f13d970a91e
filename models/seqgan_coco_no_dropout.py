"""SeqGAN on COCO without the discriminator's dropout: the control for the HebbGAN row."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_coco")
    config.discriminator_dropout = 0.0  # The only change: HebbGAN drops dropout too.
    return config
