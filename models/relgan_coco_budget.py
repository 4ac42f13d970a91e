"""RelGAN on COCO captions on a 2-core budget: MLE stopped early, then 200 adversarial steps."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_budget")  # The oracle budget's MLE rule and steps.
    coco = load_preset("relgan_coco")
    for field in ("data", "test_data", "tokenizer", "num_eval_samples"):
        setattr(config, field, getattr(coco, field))  # COCO as mle_coco reads it.
    return config
