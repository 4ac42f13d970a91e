"""MLE pretraining on the SeqGAN oracle with SeqGAN's schedule (120 epochs over 10,000 samples)."""

from tf_hebbgan.config import Config


def get_config():
    config = Config()
    config.num_train_samples = 10000  # SeqGAN's generated_num.
    config.num_test_samples = 10000  # Held-out oracle samples for NLL-test.
    config.num_eval_samples = 10000  # SeqGAN scores 10,000 generator samples.
    config.batch_size = 64  # SeqGAN's BATCH_SIZE.
    config.mle_epochs = 120  # SeqGAN's PRE_EPOCH_NUM.
    config.mle_learning_rate = 0.01  # SeqGAN's generator learning rate.
    config.grad_clip = 5.0  # SeqGAN's grad_clip (global norm).
    config.eval_every = 5  # SeqGAN logs NLL-oracle every 5 pretraining epochs.
    return config
