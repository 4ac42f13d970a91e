"""Metrics: NLL-oracle and NLL-test; BLEU and self-BLEU as nltk computes them, fast."""

from tf_hebbgan.metrics.bleu_score import bleu, bleu_scores, self_bleu, self_bleu_scores
from tf_hebbgan.metrics.nll import nll_oracle, nll_test

__all__ = ["bleu", "bleu_scores", "nll_oracle", "nll_test", "self_bleu", "self_bleu_scores"]
