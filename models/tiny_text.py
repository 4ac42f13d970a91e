"""Tiny SeqGAN on a bundled 320-caption corpus, for tests: seconds. Not a result."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_tiny")
    config.data = "tf_hebbgan:assets/tiny_captions.txt"  # 320 COCO captions.
    config.test_data = "tf_hebbgan:assets/tiny_captions_test.txt"  # 80 held-out captions.
    config.num_eval_samples = 32  # Sentences for BLEU and self-BLEU.
    config.sequence_length = 13  # 4 captions in 5 whole; a longer one keeps 12 words and ends.
    return config
