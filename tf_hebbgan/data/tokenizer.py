"""Tokenizing text with TensorFlow string ops, so that it can run inside an exported model.

`"nltk"` lower-cases and splits punctuation as nltk's `word_tokenize` does on one sentence
(`NLTKWordTokenizer`): its regular expressions, rewritten for RE2 (TensorFlow's engine, which
has no look-around), in the same order. `"whitespace"` lower-cases and splits on white space.
The agreement with nltk on the COCO captions is measured by `benchmarks/bleu.py`.
"""

import tensorflow as tf

TOKENIZERS = ("nltk", "whitespace")

# (pattern, rewrite) pairs of nltk's NLTKWordTokenizer, in its order, for RE2.
_STARTING_QUOTES = [
    (r"([«“‘„]|[`]+)", r" \1 "),
    (r'^"', r"``"),
    (r"(``)", r" \1 "),
    (r"([ \(\[{<])(\"|\'{2})", r"\1 `` "),
    # nltk splits a quote that opens a word unless a clitic follows, with look-around that
    # RE2 lacks: split every such quote with a marker, join the clitics back, then make the
    # remaining markers spaces (a marker, unlike a space, cannot be in the text already).
    (r"(^|[^\w])(')(\w)", "\\1\\2\ue000\\3"),
    (r"'\x{e000}(re|ve|ll|m|t|s|d|n)\b", r"'\1"),
    (r"\x{e000}", " "),
]
_PUNCTUATION = [
    (r"([:,])([^\d])", r" \1 \2"),
    (r"([:,])$", r" \1 "),
    (r"\.{2,}", r" \0 "),
    (r"[;@#$%&]", r" \0 "),
    (r"[\x{2012}-\x{2015}]", r" \0 "),
    (r"([^\.])(\.)([\]\)}>\"\']*)\s*$", r"\1 \2\3 "),  # The final period.
    (r"[?!]", r" \0 "),
    (r"([^'])' ", r"\1 ' "),
    (r"[*]", r" \0 "),
    (r"[\]\[\(\)\{\}\<\>]", r" \0 "),  # Parentheses and brackets.
    (r"--", r" -- "),
]
_ENDING_QUOTES = [
    (r"([»”’])", r" \1 "),
    (r"''", " '' "),
    (r'"', " '' "),
    (r"\s+", " "),
    (r"([^' ])('[sS]|'[mM]|'[dD]|') ", r"\1 \2 "),
    (r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", r"\1 \2 "),
]
# nltk's MacIntyre contractions (CONTRACTIONS2 and 3), as the word pairs they split.
_SPLIT_WORDS = [
    ("can", "not"),
    ("d", "'ye"),
    ("gim", "me"),
    ("gon", "na"),
    ("got", "ta"),
    ("lem", "me"),
    ("more", "'n"),
]
_CONTRACTIONS = [(rf"(?i)\b({a})({b})\b", r" \1 \2 ") for a, b in _SPLIT_WORDS] + [
    (r"(?i)\b(wan)(na)(\s)", r" \1 \2 \3"),
    (r"(?i) ('t)(is)\b", r" \1 \2 "),
    (r"(?i) ('t)(was)\b", r" \1 \2 "),
]


def tokenize(lines, tokenizer="nltk"):
    """Lines `(N,)` (strings) -> a `tf.RaggedTensor` `(N, None)` of lower-cased tokens."""
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"tokenizer must be one of {TOKENIZERS}; got {tokenizer!r}.")
    text = tf.strings.lower(tf.convert_to_tensor(lines, tf.string), encoding="utf-8")
    if tokenizer == "nltk":
        for pattern, rewrite in _STARTING_QUOTES + _PUNCTUATION:
            text = tf.strings.regex_replace(text, pattern, rewrite)
        text = tf.strings.join([" ", text, " "])
        for pattern, rewrite in _ENDING_QUOTES + _CONTRACTIONS:
            text = tf.strings.regex_replace(text, pattern, rewrite)
    return tf.strings.split(tf.strings.strip(text))


def tokenize_lines(lines, tokenizer="nltk"):
    """Python strings in, lists of Python token strings out."""
    if not lines:
        return []
    return [
        [token.decode("utf-8") for token in row]
        for row in tokenize(list(lines), tokenizer).to_list()
    ]
