"""The recall corpus: its lines, its NLL bounds, and the shipped files it generates."""

import math
import os

import pytest

from tf_hebbgan.data import recall_corpus

ASSETS = os.path.join(os.path.dirname(recall_corpus.__file__), "..", "assets")


def test_the_second_half_repeats_the_first():
    lines = recall_corpus.recall_lines(50, segment=5, vocabulary_size=3, seed=4)
    assert lines == recall_corpus.recall_lines(50, segment=5, vocabulary_size=3, seed=4)
    assert lines != recall_corpus.recall_lines(50, segment=5, vocabulary_size=3, seed=5)
    for line in lines:
        first, second = line.split(" = ")
        assert first == second and len(first.split()) == 5
        assert set(first.split()) <= {"w0", "w1", "w2"}


def test_the_nll_bounds_by_hand():
    # Segment 2 over 4 words: 6 tokens (2 words, '=', 2 words, the end), 2 ln 4 to pay at best.
    assert recall_corpus.best_nll_per_token(2, 4) == pytest.approx(2 * math.log(4) / 6)
    assert recall_corpus.no_recall_nll_per_token(2, 4) == pytest.approx(4 * math.log(4) / 6)


@pytest.mark.parametrize("segment", sorted(recall_corpus.SHIPPED))
def test_the_shipped_corpora_are_the_generated_ones(segment):
    for name, count, seed in recall_corpus.SHIPPED[segment]:
        with open(os.path.join(ASSETS, name), encoding="utf-8") as file:
            shipped = file.read().splitlines()
        assert shipped == recall_corpus.recall_lines(count, segment, seed=seed), name


def test_recall_lines_are_told_from_others():
    assert all(map(recall_corpus.is_recall_line, recall_corpus.recall_lines(20, segment=3)))
    for line in ("a man riding a horse", "w1 w2 = w2 w1", "= w1", "w1 = w1 w1", ""):
        assert not recall_corpus.is_recall_line(line), line
