"""LeakGAN on COCO captions on seqgan_coco's budget schedule, after leakgan_budget's 30 MLE epochs.

mle_coco's 80 epochs would take hours with LeakGAN's generator.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("leakgan_budget")
    mle = load_preset("mle_coco")
    for field in ("data", "test_data", "tokenizer", "num_eval_samples"):
        setattr(config, field, getattr(mle, field))  # COCO, as mle_coco.
    return config
