"""The adversarial methods a recipe can name (`Config.gan`), looked up in one table.

Each is a module with `build_discriminator(config, vocabulary_size, sequence_length)`,
`train_adversarial(config, workdir, data, generator, verbose, estimate)`, `phases(config)` (the
`(name, unit, units)` of its phases), `probe(config, data, generator)` (seconds a unit of
each, timed ahead on a copy) and `check_data(config, data)` (a one-line ValueError for data the
method cannot train on, before anything is written), and saves its discriminator
and that discriminator's optimizer as `discriminator` and `discriminator_optimizer` in
`WORKDIR/checkpoints`, so that the experiment, export and the `GAN` bundle serve every method
through the same calls. A method that trains its discriminator during MLE also has
`mle_companion(config, data, generator, train_tokens, workdir, verbose)`: the callback of
`mle_phase.pretrain_mle` that does it (or None). A new method is a new module and a new entry
here.
"""

import importlib

PHASES = {
    "seqgan": "tf_hebbgan.trainers.adversarial",  # REINFORCE with Monte-Carlo rollouts.
    "maligan": "tf_hebbgan.trainers.maligan_phase",  # REINFORCE, normalised D / (1 - D).
    "rankgan": "tf_hebbgan.trainers.rankgan_phase",  # REINFORCE, a ranker's rank score.
    "leakgan": "tf_hebbgan.trainers.leakgan_phase",  # REINFORCE, manager/worker, leaked features.
    "relgan": "tf_hebbgan.trainers.relgan_phase",  # Gumbel-softmax (RelGAN, GSGAN).
}


def adversarial_phase(config):
    """The module of `config.gan`'s adversarial phase."""
    if config.gan not in PHASES:
        raise ValueError(f"Unknown gan {config.gan!r}; known: {', '.join(PHASES)}.")
    return importlib.import_module(PHASES[config.gan])
