"""BLEU and self-BLEU: hand-computed values, nltk's to 1e-6, and self-BLEU without the self."""

import math
import random

import pytest

from tf_hebbgan.metrics.bleu_score import bleu, bleu_scores, self_bleu, self_bleu_scores


def test_hand_computed_bleu_2():
    # Hypothesis "a b c d" against "a b c e": unigram precision 3/4, bigram 2/3, lengths equal.
    assert bleu([["a", "b", "c", "d"]], [["a", "b", "c", "e"]], 2) == pytest.approx(
        math.exp(0.5 * math.log(3 / 4) + 0.5 * math.log(2 / 3))
    )
    # No bigram match: smoothing method 1 turns 0/3 into 0.1/3; the reference is longer.
    expected = math.exp(1 - 5 / 4) * math.exp(0.5 * math.log(2 / 4) + 0.5 * math.log(0.1 / 3))
    assert bleu([["a", "x", "b", "y"]], [["b", "z", "a", "w", "v"]], 2) == pytest.approx(expected)
    assert bleu([["x"]], [["a", "b"]], 2) == 0.0  # No unigram match.
    # Self-BLEU scores each sentence against the others only: two copies match each other.
    assert self_bleu([["a", "b"], ["a", "b"]], 2) == pytest.approx(1.0)
    assert self_bleu([["a", "b"], ["c", "d"]], 2) == 0.0
    with pytest.raises(ValueError, match="tokenized"):
        bleu(["a b"], [["a", "b"]])


def test_equal_to_nltk_on_random_sentences():
    bleu_score = pytest.importorskip("nltk.translate.bleu_score")
    smoothing = bleu_score.SmoothingFunction().method1
    rng = random.Random(0)

    def sentence():
        return [rng.choice("abcdefg") for _ in range(rng.randint(0, 12))]

    hypotheses = [sentence() for _ in range(50)]
    references = [sentence() for _ in range(30)]
    ours = bleu_scores(hypotheses, references)
    ours_self = self_bleu_scores(hypotheses)
    for order in (2, 3, 4, 5):
        weights = tuple(1.0 / order for _ in range(order))
        expected = sum(
            bleu_score.sentence_bleu(references, h, weights, smoothing_function=smoothing)
            for h in hypotheses
        ) / len(hypotheses)
        expected_self = sum(
            bleu_score.sentence_bleu(
                hypotheses[:i] + hypotheses[i + 1 :], h, weights, smoothing_function=smoothing
            )
            for i, h in enumerate(hypotheses)
        ) / len(hypotheses)
        assert ours[order] == pytest.approx(expected, abs=1e-6)
        assert ours_self[order] == pytest.approx(expected_self, abs=1e-6)
