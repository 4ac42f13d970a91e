"""Recall scores against hand values: the second half's mask, accuracy, lines and NLL."""

import math

import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.metrics.recall import recall_mask, recall_scores

SEPARATOR = 9
# Two recall lines: 2 words, the separator, the 2 again, the end token 3, padding 0.
TOKENS = np.array([[4, 5, 9, 4, 5, 3, 0], [6, 6, 9, 6, 6, 3, 0]], np.int32)


def test_the_mask_holds_each_line_s_second_half():
    lines = np.array([[4, 5, 9, 4, 5, 3, 0], [6, 9, 6, 3, 0, 0, 0]])
    expected = np.array([[0, 0, 0, 1, 1, 0, 0], [0, 0, 1, 0, 0, 0, 0]], bool)
    np.testing.assert_array_equal(recall_mask(lines, SEPARATOR), expected)


def test_a_line_without_a_separator_is_refused():
    with pytest.raises(ValueError, match="1 of 2 lines hold no separator.*row 1"):
        recall_mask(np.array([[4, 9, 4], [4, 5, 4]]), SEPARATOR)


class FixedModel:
    """Logits that put probability `p` on `guesses[n, t]` and spread the rest evenly."""

    def __init__(self, guesses, p, vocabulary_size=10):
        rest = (1.0 - p) / (vocabulary_size - 1)
        probs = np.full(guesses.shape + (vocabulary_size,), rest)
        np.put_along_axis(probs, guesses[..., None], p, axis=-1)
        logits = np.log(probs).astype(np.float32)  # (N, T, V)
        self.by_line = {tuple(line): row for line, row in zip(TOKENS, logits, strict=True)}

    def __call__(self, tokens, training=None):
        return tf.constant(np.stack([self.by_line[tuple(line)] for line in tokens.numpy()]))


def test_scores_against_hand_values():
    guesses = TOKENS.copy()
    guesses[1, 4] = 7  # One of the four second-half words wrong, in the second line.
    guesses[0, 0] = 8  # Outside the second half: not counted.
    scores = recall_scores(FixedModel(guesses, p=0.5), TOKENS, SEPARATOR, batch_size=1)
    assert scores["recall_accuracy"] == pytest.approx(3 / 4)
    assert scores["lines_recalled"] == pytest.approx(1 / 2)
    nll_right, nll_wrong = -math.log(0.5), -math.log(0.5 / 9)
    assert scores["recall_nll"] == pytest.approx((3 * nll_right + nll_wrong) / 4, rel=1e-6)
