"""RelGAN on the SeqGAN oracle at maximum inverse temperature 1000 (the paper's other setting)."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")  # Everything else as RelGAN's 100 row.
    config.gumbel_beta_max = 1000.0  # Sharper relaxed samples, higher-variance gradients.
    return config
