"""A text corpus for training: UTF-8 lines -> tokens -> a `Vocabulary` -> int sequences.

The vocabulary is built from the training file only (Texygen builds it from train and test
together, a leak: test words then never count as unknown). Every bad file gets a one-line
`ValueError` naming it: missing, not UTF-8, empty or only blank lines, or, for the test file,
no word the vocabulary knows.
"""

import dataclasses
import os

import numpy as np

from tf_hebbgan.data.tokenizer import tokenize_lines
from tf_hebbgan.data.vocabulary import END_ID, START_ID, Vocabulary

PACKAGE_PREFIX = "tf_hebbgan:"  # Paths inside the installed package, e.g. bundled corpora.
MAX_AUTO_LENGTH = 64  # The longest sequence length chosen automatically.
TEST_FRACTION = 0.1  # Held out from the training file when no test file is given.


def resolve_path(path):
    """`path` itself, or for "tf_hebbgan:RELATIVE" that file inside the package."""
    if path.startswith(PACKAGE_PREFIX):
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        return os.path.join(package, path[len(PACKAGE_PREFIX) :])
    return path


def read_sentences(path, flag="--data"):
    """The non-blank lines of a UTF-8 text file, stripped, or a ValueError naming it.

    A byte-order mark at the start is dropped, as Python's `utf-8-sig` codec does.
    """
    real = resolve_path(path)
    if os.path.isdir(real):
        raise ValueError(f"{flag} {path} is a directory, not a text file.")
    if not os.path.isfile(real):
        raise ValueError(f"{flag} {path}: no such file.")
    try:
        with open(real, "rb") as file:
            raw = file.read()
    except OSError as error:
        raise ValueError(f"{flag} {path} cannot be read: {error.strerror}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"{flag} {path} is not UTF-8 text (byte {error.start}).") from None
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError(f"{flag} {path} holds no sentence (it is empty or blank).")
    return lines


@dataclasses.dataclass
class TextCorpus:
    """A tokenized corpus: word lists, the vocabulary, and the encoded sequences."""

    vocabulary: Vocabulary
    train_sentences: list
    test_sentences: list
    train_tokens: np.ndarray  # (N, T) int32: ids, the end token, padding.
    test_tokens: np.ndarray  # (M, T) int32.
    sequence_length: int

    start_token = START_ID
    end_token = END_ID

    @classmethod
    def load(cls, config):
        """The corpus of `config.data` / `config.test_data` with `config`'s text options."""
        train = tokenize_lines(read_sentences(config.data, "--data"), config.tokenizer)
        if config.test_data:
            test = tokenize_lines(read_sentences(config.test_data, "--test_data"), config.tokenizer)
        else:
            order = np.random.default_rng(config.data_seed).permutation(len(train))
            held = max(1, int(len(train) * TEST_FRACTION))
            if len(train) - held < 1:
                raise ValueError(f"--data {config.data} is too short to hold out a test split.")
            test = [train[i] for i in sorted(order[:held])]
            train = [train[i] for i in sorted(order[held:])]
        vocabulary = Vocabulary.from_sentences(train, config.min_count, config.max_vocabulary_size)
        if not vocabulary.words:
            raise ValueError(
                f"min_count {config.min_count} leaves no word in the vocabulary of --data "
                f"{config.data} (no word occurs that often); lower min_count or give more text."
            )
        length = config.sequence_length or min(max(map(len, train)) + 1, MAX_AUTO_LENGTH)
        train_tokens = vocabulary.encode(train, length)
        test_tokens = vocabulary.encode(test, length)
        if not np.any(test_tokens > END_ID):  # Every test word is <unk>.
            if config.test_data:
                raise ValueError(
                    f"--test_data {config.test_data}: none of its words is in the training "
                    "vocabulary."
                )
            raise ValueError(
                f"--data {config.data}: none of the words of the {len(test)} sentences held out "
                "for testing is in the vocabulary of the rest; give more text, or --test_data."
            )
        return cls(vocabulary, train, test, train_tokens, test_tokens, length)
