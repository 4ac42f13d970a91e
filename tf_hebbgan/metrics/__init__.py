"""Metrics: NLL-oracle and NLL-test; BLEU and self-BLEU as nltk computes them, fast; recall
on the recall corpus."""

from tf_hebbgan.metrics.bleu_score import bleu, bleu_scores, self_bleu, self_bleu_scores
from tf_hebbgan.metrics.nll import nll_oracle, nll_test
from tf_hebbgan.metrics.recall import recall_scores

__all__ = [
    "bleu",
    "bleu_scores",
    "nll_oracle",
    "nll_test",
    "recall_scores",
    "self_bleu",
    "self_bleu_scores",
]
