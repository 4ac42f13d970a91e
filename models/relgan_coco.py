"""RelGAN on COCO image captions: RelGAN's settings, Texygen's caption files."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")  # RelGAN's generator, MLE and adversarial phase.
    mle = load_preset("mle_coco")
    for field in ("data", "test_data", "tokenizer", "num_eval_samples"):
        setattr(config, field, getattr(mle, field))  # COCO as mle_coco reads it.
    return config
