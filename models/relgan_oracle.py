"""RelGAN on the SeqGAN oracle with RelGAN's settings: 150 MLE epochs, 3,000 adversarial steps.

The relational-memory generator (embedding 32, 1 slot, 2 heads of 256) pretrains by MLE at
Adam 1e-2; then each adversarial step is 1 generator and 5 discriminator updates through the
Gumbel-softmax relaxation, with RelGAN's relativistic loss and exponential temperature.
RelGAN's own oracle is a randomly initialised LSTM; this one is SeqGAN's (docs/results.md).
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_oracle")  # 10,000 oracle sequences, batch 64, clip 5.0.
    config.generator_cell = "relational_memory"  # RelGAN's generator.
    config.embedding_dim = 32  # gen_emb_dim.
    config.mem_slots = 1  # mem_slots.
    config.num_heads = 2  # num_heads.
    config.head_size = 256  # head_size: memory rows of 512.
    config.mle_epochs = 150  # npre_epochs.
    config.mle_learning_rate = 1e-2  # gpre_lr.
    config.eval_every = 10  # RelGAN scores its pretraining every 10 epochs.
    config.gan = "relgan"  # The Gumbel-softmax trainer.
    config.gan_loss = "rsgan"  # gan_type: relativistic standard GAN.
    config.adversarial_epochs = 3000  # nadv_steps.
    config.discriminator_steps = 5  # dsteps per generator step (gsteps = 1).
    config.generator_learning_rate = 1e-4  # gadv_lr.
    config.discriminator_learning_rate = 1e-4  # d_lr.
    config.gumbel_schedule = "exp"  # temperature adapt: beta = beta_max ** (step / horizon).
    config.gumbel_beta_max = 100.0  # temperature: the maximum inverse temperature.
    config.gumbel_horizon = 5000  # RelGAN's code fixes N = 5,000 (beta reaches 15.8 at 3,000).
    config.discriminator_embedding_dim = 64  # dis_emb_dim.
    config.discriminator_num_rep = 64  # num_rep.
    config.discriminator_dropout = 0.25  # dropout_keep_prob = 0.75.
    config.adversarial_eval_every = 100  # NLL-oracle / NLL-test every 100 steps.
    return config
