"""BLEU and self-BLEU on tokenized sentences, as the text-GAN literature reports them, fast.

`bleu(hypotheses, references, max_order)` is the mean over hypotheses of each one's sentence
BLEU against the whole reference set, and equals nltk's
`sentence_bleu(references, hypothesis, weights=(1/n,) * n,
smoothing_function=SmoothingFunction().method1)` (uniform weights; smoothing method 1: a
zero n-gram precision becomes 0.1 / its denominator; a hypothesis with no unigram match
scores 0), as Texygen computes it. `self_bleu(sentences, max_order)` scores each sentence
against the *other* sentences only (Texygen counts the sentence itself among its references,
which inflates the figure: geek-ai/Texygen#46).

nltk recounts every reference's n-grams for every hypothesis. Here each n-gram's clipping
count (its largest count in any one reference; for self-BLEU the top two, with the owner of
the top) is computed once, and the closest reference length comes from the sorted lengths,
so 2,000 hypotheses against 10,000 references take a second (`benchmarks/bleu.py`).
"""

import bisect
import collections
import math

import numpy as np

SMOOTHING_EPSILON = 0.1  # nltk's SmoothingFunction().method1.


def _ngrams(sentence, order):
    return collections.Counter(
        tuple(sentence[i : i + order]) for i in range(len(sentence) - order + 1)
    )


class _References:
    """Per order, every n-gram's largest and second-largest count in one reference (with the
    index of the reference holding the largest), and the references' lengths."""

    def __init__(self, references, max_order):
        self.top = [None] + [{} for _ in range(max_order)]
        for index, reference in enumerate(references):
            for order in range(1, max_order + 1):
                top = self.top[order]
                for ngram, count in _ngrams(reference, order).items():
                    first, owner, second = top.get(ngram, (0, -1, 0))
                    if count > first:
                        top[ngram] = (count, index, first)
                    elif count > second:
                        top[ngram] = (first, owner, count)
        self.length_counts = collections.Counter(len(reference) for reference in references)
        self.lengths = sorted(self.length_counts)

    def clip(self, ngram, order, exclude):
        first, owner, second = self.top[order].get(ngram, (0, -1, 0))
        return second if owner == exclude else first

    def closest_length(self, length, exclude_length=None):
        """nltk's closest reference length: nearest, the shorter one on a tie; a length held
        only by the excluded reference does not count."""

        def present(value):
            count = self.length_counts[value] - (value == exclude_length)
            return count > 0

        position = bisect.bisect_left(self.lengths, length)
        below = next((v for v in reversed(self.lengths[:position]) if present(v)), None)  # < length
        above = next((v for v in self.lengths[position:] if present(v)), None)  # >= length
        candidates = [value for value in (below, above) if value is not None]
        return min(candidates, key=lambda value: (abs(value - length), value))


def _sentence_bleu(hypothesis, references, orders, exclude=-1):
    """Sentence BLEU of `hypothesis` for each max order in `orders` (a dict order -> score)."""
    max_order = max(orders)
    numerators, denominators = [], []
    for order in range(1, max_order + 1):
        counts = _ngrams(hypothesis, order)
        numerators.append(
            sum(
                min(count, references.clip(ngram, order, exclude))
                for ngram, count in counts.items()
            )
        )
        denominators.append(max(1, sum(counts.values())))
    length = len(hypothesis)
    exclude_length = length if exclude >= 0 else None
    reference_length = references.closest_length(length, exclude_length)
    if length > reference_length:
        penalty = 1.0
    elif length == 0:
        penalty = 0.0
    else:
        penalty = math.exp(1 - reference_length / length)
    scores = {}
    for order in orders:
        if numerators[0] == 0:
            scores[order] = 0.0
            continue
        weight = 1.0 / order
        logs = [
            weight * math.log((numerator if numerator else SMOOTHING_EPSILON) / denominator)
            for numerator, denominator in zip(numerators[:order], denominators[:order], strict=True)
        ]
        scores[order] = penalty * math.exp(math.fsum(logs))
    return scores


def _check(sentences, name):
    if not sentences:
        raise ValueError(f"{name} is empty.")
    if isinstance(sentences[0], str):
        raise ValueError(f"{name} must be tokenized sentences (lists of tokens), not strings.")


def bleu_scores(hypotheses, references, orders=(2, 3, 4, 5)):
    """`{order: mean sentence BLEU of the hypotheses against all references}`."""
    _check(hypotheses, "hypotheses")
    _check(references, "references")
    table = _References(references, max(orders))
    per_hypothesis = [_sentence_bleu(h, table, orders) for h in hypotheses]
    return {order: float(np.mean([s[order] for s in per_hypothesis])) for order in orders}


def self_bleu_scores(sentences, orders=(2, 3, 4, 5)):
    """`{order: mean sentence BLEU of each sentence against the others}` (diversity: lower
    is more diverse). Needs at least two sentences."""
    _check(sentences, "sentences")
    if len(sentences) < 2:
        raise ValueError("self-BLEU needs at least two sentences.")
    table = _References(sentences, max(orders))
    per_sentence = [
        _sentence_bleu(sentence, table, orders, exclude=index)
        for index, sentence in enumerate(sentences)
    ]
    return {order: float(np.mean([s[order] for s in per_sentence])) for order in orders}


def bleu(hypotheses, references, max_order=4):
    """Mean sentence BLEU-`max_order` of tokenized `hypotheses` against all `references`."""
    return bleu_scores(hypotheses, references, (max_order,))[max_order]


def self_bleu(sentences, max_order=4):
    """Mean sentence BLEU-`max_order` of each tokenized sentence against the others."""
    return self_bleu_scores(sentences, (max_order,))[max_order]
