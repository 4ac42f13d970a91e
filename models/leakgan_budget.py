"""LeakGAN on seqgan_budget's 2-core schedule, after 30 MLE epochs at SeqGAN's MLE rate.

5 discriminator rounds, then 40 epochs of 1 generator step and 1 round of 1 epoch.

LeakGAN's generator costs about 16 times SeqGAN's LSTM per token at these sizes (its output
is a `(V, k)` matrix per step: `(H + 1) k = 528` products per vocabulary entry against 33), so
an MLE epoch takes ~88 s on one core (`python benchmarks/reinforce_rows.py`, BUILD_NOTES).
Its public code's 80 epochs at 0.0015 would take two hours alone; 30 at 0.01 fit the budget.
Pretraining is interleaved as leakgan_oracle's, with the budget's 5 discriminator rounds: one
before every 6th MLE epoch, each followed by a leak refresh.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("leakgan_oracle")  # LeakGAN's per-step settings.
    budget = load_preset("seqgan_budget")
    for field in (
        "discriminator_pretrain_rounds",
        "discriminator_epochs",
        "discriminator_steps",
        "adversarial_epochs",
        "eval_every",
    ):
        setattr(config, field, getattr(budget, field))  # SeqGAN's budget counts.
    config.mle_epochs = 30  # (leakgan_oracle: 80.)
    config.mle_learning_rate = 0.01  # SeqGAN's MLE rate (leakgan_oracle: 0.0015).
    config.leak_refresh_every = 6  # (leakgan_oracle: 8 of 80.)
    config.leak_refresh_rounds = 1  # 5 rounds in all, as seqgan_budget's pretraining.
    return config
