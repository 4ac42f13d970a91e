"""GSGAN: SeqGAN's LSTM generator trained through the Gumbel-softmax with RelGAN's loss.

MLE is SeqGAN's (mle_oracle: 120 epochs of the 32-unit LSTM), so its start can be shared with
the SeqGAN rows; the adversarial phase is relgan_oracle's.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")  # The adversarial phase.
    mle = load_preset("mle_oracle")
    for field in ("generator_cell", "embedding_dim", "mle_epochs", "eval_every"):
        setattr(config, field, getattr(mle, field))  # SeqGAN's generator and its MLE.
    return config
