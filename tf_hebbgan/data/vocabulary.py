"""`Vocabulary`: words <-> token ids with Keras' `StringLookup`, saved as a plain text file."""

import collections
import warnings

import numpy as np

from tf_hebbgan.files import write_text

PAD, UNK, START, END = "<pad>", "<unk>", "<start>", "<end>"
PAD_ID, UNK_ID, START_ID, END_ID = 0, 1, 2, 3  # StringLookup's order: mask, OOV, vocabulary.
SPECIALS = (PAD, UNK, START, END)


class Vocabulary:
    """The words of a training corpus and the four special tokens, with fixed ids.

    Ids: 0 `<pad>` (after the end of a sentence), 1 `<unk>` (a word not in the vocabulary),
    2 `<start>` (fed before the first word), 3 `<end>`, then the words, most frequent first
    (ties alphabetical). `StringLookup` layers do the mapping (`lookup()`, `inverse()`), so
    encoding and decoding can live inside an exported model. Saved as one token per line, in
    id order.

    Args:
        words: the vocabulary's words, in id order (without the special tokens).

    Example:

    ```python
    vocabulary = Vocabulary.from_sentences([["a", "dog"], ["a", "cat"]])
    ids = vocabulary.encode([["a", "cow"]], length=4)  # [[4, 1, 3, 0]]
    vocabulary.decode(ids)  # [["a", "<unk>"]]
    ```
    """

    def __init__(self, words):
        words = list(words)
        clash = sorted(set(words) & set(SPECIALS))
        if clash:
            raise ValueError(f"The vocabulary's words include special tokens: {clash}.")
        if len(set(words)) != len(words):
            raise ValueError("The vocabulary's words repeat.")
        self.words = words
        self._lookup = None
        self._inverse = None

    @classmethod
    def from_sentences(cls, sentences, min_count=1, max_size=0):
        """The words of tokenized `sentences` seen at least `min_count` times, the
        `max_size` most frequent if `max_size` > 0 (special tokens not counted)."""
        counts = collections.Counter(word for sentence in sentences for word in sentence)
        words = sorted(
            (word for word, count in counts.items() if count >= min_count and word not in SPECIALS),
            key=lambda word: (-counts[word], word),
        )
        return cls(words[:max_size] if max_size > 0 else words)

    def __len__(self):
        return len(SPECIALS) + len(self.words)

    def __eq__(self, other):
        return isinstance(other, Vocabulary) and self.words == other.words

    @property
    def tokens(self):
        """Every token in id order, the special ones first."""
        return list(SPECIALS) + self.words

    # === Files ===

    def save(self, path):
        """Writes one token per line, in id order (atomically)."""
        write_text(path, "\n".join(self.tokens) + "\n")

    @classmethod
    def load(cls, path):
        """The vocabulary saved in `path`, or a ValueError naming the file."""
        try:
            with open(path, encoding="utf-8") as file:
                tokens = file.read().split("\n")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"Could not read the vocabulary {path}: {error}") from None
        tokens = tokens[:-1] if tokens and tokens[-1] == "" else tokens
        if tuple(tokens[: len(SPECIALS)]) != SPECIALS:
            raise ValueError(f"{path} is not a vocabulary file: it must start with {SPECIALS}.")
        try:
            return cls(tokens[len(SPECIALS) :])
        except ValueError as error:
            raise ValueError(f"{path} is not a valid vocabulary: {error}") from None

    def check_size(self, vocabulary_size, path):
        """Raises a ValueError naming `path` unless a model of `vocabulary_size` tokens fits."""
        if len(self) != vocabulary_size:
            raise ValueError(
                f"Vocabulary mismatch: {path} has {len(self)} tokens, the generator "
                f"{vocabulary_size}."
            )

    # === Mapping ===

    def lookup(self):
        """A `keras.layers.StringLookup`: words -> ids (unknown words -> 1)."""
        if self._lookup is None:
            import keras

            self._lookup = keras.layers.StringLookup(
                vocabulary=[START, END] + self.words, mask_token=PAD, oov_token=UNK
            )
        return self._lookup

    def inverse(self):
        """A `keras.layers.StringLookup(invert=True)`: ids -> words."""
        if self._inverse is None:
            import keras

            self._inverse = keras.layers.StringLookup(
                vocabulary=[START, END] + self.words, mask_token=PAD, oov_token=UNK, invert=True
            )
        return self._inverse

    def encode(self, sentences, length):
        """Tokenized `sentences` -> int32 `(N, length)`: ids, the end token, then padding.

        A sentence of `length` words or more keeps its first `length - 1` and its end token.
        """
        import tensorflow as tf

        words = tf.ragged.constant([list(s) for s in sentences], dtype=tf.string)
        return self.encode_words(words, length).numpy()

    def encode_words(self, words, length):
        """`encode()` in TensorFlow ops: a ragged string tensor `(N, None)` -> `(N, length)`."""
        import tensorflow as tf

        ids = tf.cast(self.lookup()(words), tf.int32)[:, : length - 1]  # (N, <= length - 1)
        ends = tf.RaggedTensor.from_tensor(tf.fill([ids.nrows(), 1], END_ID))
        ids = tf.concat([ids, ends], axis=1)
        return ids.to_tensor(default_value=PAD_ID, shape=[None, length])  # (N, length)

    def encode_prefix(self, text, tokenizer, length, count=1):
        """A prefix to complete, `count` times: ids `(count, length)` and lengths `(count,)`
        (at most `length - 1` words, so that a token is left to draw). Tokenized once.

        A prefix without words, or with a special token other than `<unk>`, is a ValueError;
        words the vocabulary lacks (read as `<unk>`) and words past `length - 1` (dropped) are
        a `UserWarning` naming them.
        """
        from tf_hebbgan.data.tokenizer import tokenize_lines

        if not isinstance(text, str):
            raise ValueError(f"A prefix must be a string. Received: {text!r}")
        words = tokenize_lines([text], tokenizer)  # [[word, ...]]
        for problem in self.prefix_problems(words[0], length):
            warnings.warn(problem, stacklevel=2)
        ids = np.repeat(self.encode(words, length), count, axis=0)
        return ids, np.full(count, min(len(words[0]), length - 1), np.int32)

    def prefix_problems(self, words, length):
        """What a prefix of tokenized `words` loses on its way into `length`-token sequences,
        one sentence each; a ValueError if it cannot be a prefix at all."""
        if not words:
            raise ValueError("The prefix has no words to start from.")
        special = sorted({word for word in words if word in SPECIALS and word != UNK})
        if special:
            raise ValueError(f"The prefix holds special tokens ({', '.join(special)}): only words.")
        known = set(self.words)
        unknown = list(dict.fromkeys(w for w in words if w not in known and w != UNK))
        problems = []
        if unknown:
            problems.append(
                f"The prefix's words {', '.join(repr(w) for w in unknown)} are not in the "
                f"run's vocabulary: each is read as {UNK}."
            )
        if len(words) > length - 1:
            problems.append(
                f"The prefix has {len(words)} words and a sequence {length} tokens: its first "
                f"{length - 1} are kept, so that a token is left to draw."
            )
        return problems

    def decode(self, ids):
        """Token ids `(N, T)` -> lists of words, each up to (without) its first end token.

        Padding is dropped; `<unk>` stays as it is.
        """
        ids = np.asarray(ids)
        words = self.inverse()(ids).numpy()
        sentences = []
        for row_ids, row_words in zip(ids, words, strict=True):
            sentence = []
            for token, word in zip(row_ids, row_words, strict=True):
                if token == END_ID:
                    break
                if token != PAD_ID:
                    sentence.append(word.decode("utf-8"))
            sentences.append(sentence)
        return sentences
