"""A generator's figures on its run's data: NLL-oracle / NLL-test, or BLEU / self-BLEU / NLL-test.

For text, `num_samples` generated sentences (decoded, up to their end token) are the
hypotheses: BLEU-2..5 against the test sentences (quality) and self-BLEU-2..5 among
themselves (diversity, lower is more diverse), with NLL-test of the test sentences.
"""

import numpy as np

from tf_hebbgan.metrics.bleu_score import bleu_scores, self_bleu_scores
from tf_hebbgan.metrics.nll import nll_oracle, nll_test

BLEU_ORDERS = (2, 3, 4, 5)
ORACLE_METRICS = ("nll_oracle", "nll_test")
TEXT_METRICS = (
    *(f"bleu_{order}" for order in BLEU_ORDERS),
    *(f"self_bleu_{order}" for order in BLEU_ORDERS),
    "nll_test",
)


def metric_names(data):
    return TEXT_METRICS if data.is_text else ORACLE_METRICS


def final_evaluation_seed(config):
    """The sampling seed of a run's final figures (`results.json`).

    Each evaluation samples with the run's seed plus the epoch it follows: the adversarial
    phase's count (RelGAN's steps), or MLE's epoch counted from 0 in a run without one.
    """
    if config.adversarial_epochs > 0:
        return config.seed + config.adversarial_epochs
    return config.seed + config.mle_epochs - 1


def evaluate_generator(generator, data, num_samples, seed, temperature=1.0):
    """`{metric: value}` of `generator` on `data` (`RunData`), sampling with `seed`.

    A `None` generator scores the reference: the oracle itself, or for text `num_samples`
    training sentences drawn with `seed` (what real data scores).
    """
    if not data.is_text:
        model = data.oracle if generator is None else generator
        return {
            "nll_oracle": nll_oracle(model, data.oracle, num_samples, seed, temperature),
            "nll_test": nll_test(model, data.test_tokens, temperature),
        }
    corpus = data.corpus
    if generator is None:
        picked = np.random.default_rng(seed).choice(
            len(corpus.train_sentences), min(num_samples, len(corpus.train_sentences)), False
        )
        hypotheses = [corpus.train_sentences[i] for i in picked]
        results = {}
    else:
        samples = generator.sample(num_samples, temperature, seed=seed)
        hypotheses = corpus.vocabulary.decode(samples)
        results = {"nll_test": nll_test(generator, data.test_tokens, temperature)}
    for order, value in bleu_scores(hypotheses, corpus.test_sentences, BLEU_ORDERS).items():
        results[f"bleu_{order}"] = value
    for order, value in self_bleu_scores(hypotheses, BLEU_ORDERS).items():
        results[f"self_bleu_{order}"] = value
    return results
