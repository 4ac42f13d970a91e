"""Likelihood measures of the synthetic benchmark: quality (NLL-oracle) and diversity (NLL-test).

NLL-oracle alone rewards collapse: a generator that always emits the oracle's likeliest
sequences scores below the oracle's own entropy rate (about 5.75). NLL-test, the generator's
NLL of held-out oracle samples, rises when the generator drops modes. Report both.
"""

import numpy as np


def nll_oracle(generator, oracle, num_samples=10000, seed=None, temperature=1.0):
    """SeqGAN's NLL-oracle: the oracle's mean per-token NLL of the generator's samples."""
    if generator.vocabulary_size != oracle.vocabulary_size:
        raise ValueError(
            f"Vocabulary mismatch: the generator has {generator.vocabulary_size} tokens, the "
            f"oracle {oracle.vocabulary_size}."
        )
    samples = generator.sample(num_samples, temperature=temperature, seed=seed)
    return float(np.mean(oracle.nll(samples)))


def nll_test(generator, tokens, temperature=1.0):
    """The generator's mean per-token NLL of held-out sequences `tokens` `(N, T)`.

    With `temperature`, of the tempered model that `nll_oracle(..., temperature)` samples, so
    that a temperature sweep traces one model's quality against its diversity.
    """
    return float(np.mean(generator.nll(tokens, temperature)))
