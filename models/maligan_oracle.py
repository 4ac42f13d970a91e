"""MaliGAN on the oracle with SeqGAN's schedule and settings (120 / 50 / 200), as Texygen runs it.

The generator step weights every sampled sequence by its normalised D / (1 - D) minus the
batch mean, without rollouts; TextGAN-PyTorch runs it the same way."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # MLE as mle_oracle, so pretraining can be shared.
    config.gan = "maligan"  # MaliGAN's generator step (num_rollouts, rollout_rate unused).
    return config
