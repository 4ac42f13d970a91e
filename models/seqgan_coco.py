"""SeqGAN on COCO captions on the oracle study's budget schedule: 5 D rounds, 40 epochs."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_budget")  # The per-step settings and counts of the oracle.
    mle = load_preset("mle_coco")
    for field in ("data", "test_data", "tokenizer", "mle_epochs", "num_eval_samples"):
        setattr(config, field, getattr(mle, field))  # COCO and its MLE, as mle_coco.
    return config
