"""Readable text from tokens: the inverse of the `"nltk"` tokenizer's splits, in TensorFlow
string ops (so an exported model's text signatures give the same text as the library).

Punctuation and clitics are joined to the word before them (`go 's` -> `go's`, `red )` ->
`red)`), a period only where it ends the sentence (the tokenizer, as nltk's on one sentence,
splits no other), opening brackets to the word after, nltk's quote tokens become `"`. A
sentence that the tokenizer splits, joined back, tokenizes to the same tokens again (tested
on the bundled corpora and on generated tokens, but for a word that ends in a period before
another period, `tarmac. .`, which comes back as `tarmac ..`). Lower case stays: the
tokenizer lower-cases, and what was upper case is unknown.
"""

import tensorflow as tf

# (pattern, rewrite) pairs for RE2, applied in order to " tokens joined by spaces ".
_RULES = [
    (r"(\s)`` ", r'\1"'),  # nltk's opening double quote.
    (r" ''(\s)", r'"\1'),  # And its closing one.
    (r" (n't|'s|'m|'d|'ll|'re|'ve|')(\s)", r"\1\2"),  # Clitics, and a closing single quote.
    (r" ([,!?;:%)\]}>]|\.{2,})(\s)", r"\1\2"),  # Closing punctuation.
    (r" ([,!?;:%)\]}>]|\.{2,})(\s)", r"\1\2"),  # Again, for two in a row (`red ) ,`).
    # A period only at the end (closing brackets and quotes after it): the tokenizer splits
    # the final period alone, so `long. street` would come back as the word `long.`.
    (r" \.([)\]}>\"']*\s)$", r".\1"),
    (r"(\s)([(\[{<$#]) ", r"\1\2"),  # Opening brackets.
]


def detokenize(texts):
    """Space-joined tokens `(N,)` (strings) -> readable sentences `(N,)` (a `tf.string`
    tensor).

    Example:

    ```python
    detokenize(["a man ( in red ) is n't here ."]).numpy()
    # array([b"a man (in red) isn't here."], dtype=object)
    ```
    """
    text = tf.strings.join([" ", tf.convert_to_tensor(texts, tf.string), " "])
    for pattern, rewrite in _RULES:
        text = tf.strings.regex_replace(text, pattern, rewrite)
    return tf.strings.strip(text)


def detokenize_lines(token_lists):
    """Lists of Python token strings in, readable Python strings out."""
    if not token_lists:
        return []
    joined = [" ".join(tokens) for tokens in token_lists]
    return [text.decode("utf-8") for text in detokenize(joined).numpy()]


def sentences(vocabulary, ids, readable=True):
    """Token ids `(N, T)` of a text run -> strings: readable text, or (`readable=False`) the
    tokens joined by spaces, each up to its end token."""
    words = vocabulary.decode(ids)
    return detokenize_lines(words) if readable else [" ".join(row) for row in words]
