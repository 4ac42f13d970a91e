"""RankGAN on COCO captions on the oracle study's budget schedule, as seqgan_coco."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_coco")  # COCO, its MLE and SeqGAN's budget counts.
    config.gan = "rankgan"
    return config
