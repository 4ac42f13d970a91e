"""A synthetic corpus whose second half recalls its first: where a fast weight has work to do.

Each line is `segment` words drawn uniformly from `vocabulary_size` (`w0`, `w1`, ...), the
separator `=`, and the same words again. The first half cannot be predicted (a model at best
spends `ln(vocabulary_size)` nats a word on it); the second half is fully determined by the
first, so a language model's NLL on it measures how much of a sequence it can store while
reading it and recall afterwards. The corpora shipped in `tf_hebbgan/assets/` are these lines
(`tests/data/test_recall_corpus.py` checks that they still are).

Example:

```python
recall_lines(2, segment=3, vocabulary_size=4, seed=0)
# ['w3 w2 w2 = w3 w2 w2', 'w1 w1 w0 = w1 w1 w0']
```
"""

import math

import numpy as np

SEPARATOR = "="
# The shipped corpora: (file, lines, seed) for each segment length.
SHIPPED = {
    8: (("recall8.txt", 10_000, 0), ("recall8_test.txt", 2_000, 1)),
}
VOCABULARY_SIZE = 16


def recall_lines(count, segment, vocabulary_size=VOCABULARY_SIZE, seed=0):
    """`count` lines of `segment` random words, the separator, and the same words again."""
    rng = np.random.default_rng(seed)
    words = rng.integers(0, vocabulary_size, size=(count, segment))  # (count, segment)
    lines = []
    for row in words:
        half = " ".join(f"w{index}" for index in row)
        lines.append(f"{half} {SEPARATOR} {half}")
    return lines


def best_nll_per_token(segment, vocabulary_size=VOCABULARY_SIZE):
    """The lowest NLL a model can reach per token (words, separator and end token): the
    first half's `segment * ln(V)` spread over `2 * segment + 2` tokens."""
    return segment * math.log(vocabulary_size) / (2 * segment + 2)


def no_recall_nll_per_token(segment, vocabulary_size=VOCABULARY_SIZE):
    """Per token, a model that knows the format but stores nothing: both halves at `ln(V)`."""
    return 2 * segment * math.log(vocabulary_size) / (2 * segment + 2)


def is_recall_line(line):
    """True if `line` is a recall line: words, the separator, and the same words again."""
    words = line.split()
    if SEPARATOR not in words:
        return False
    split = words.index(SEPARATOR)
    return split > 0 and words[:split] == words[split + 1 :]


def write_corpus(path, count, segment, seed, vocabulary_size=VOCABULARY_SIZE):
    """Writes `recall_lines(...)` to `path`, one line each."""
    from tf_hebbgan.files import write_text

    write_text(path, "\n".join(recall_lines(count, segment, vocabulary_size, seed)) + "\n")
