"""Text in: the tokenizer against nltk, the vocabulary's round trip, the corpus's bad files."""

import numpy as np
import pytest

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.data.text_corpus import TextCorpus, read_sentences
from tf_hebbgan.data.tokenizer import tokenize_lines
from tf_hebbgan.data.vocabulary import END_ID, PAD_ID, START_ID, UNK_ID, Vocabulary

LINES = [
    "A man's bike, parked near the front wheel.",
    "the letters 'mt' on it: don't (really) cannot",
    'He said "hello" -- twice!  ',
    "plain words only",
]


def test_the_nltk_tokenizer_agrees_with_nltk():
    nltk = pytest.importorskip("nltk.tokenize")
    expected = [nltk.NLTKWordTokenizer().tokenize(line.lower()) for line in LINES]
    assert tokenize_lines(LINES) == expected
    assert tokenize_lines(["A b,c  D"], "whitespace") == [["a", "b,c", "d"]]


def test_vocabulary_ids_round_trip_and_unknown_words(tmp_path):
    vocabulary = Vocabulary.from_sentences([["a", "dog"], ["a", "cat"], ["a", "cat"]])
    assert vocabulary.tokens == ["<pad>", "<unk>", "<start>", "<end>", "a", "cat", "dog"]
    assert (PAD_ID, UNK_ID, START_ID, END_ID) == (0, 1, 2, 3)
    ids = vocabulary.encode([["a", "cow"], ["dog", "a", "cat", "a", "dog"]], length=4)
    np.testing.assert_array_equal(ids, [[4, 1, 3, 0], [6, 4, 5, 3]])  # Truncated: 3 + end.
    assert vocabulary.decode(ids) == [["a", "<unk>"], ["dog", "a", "cat"]]
    path = str(tmp_path / "vocabulary.txt")
    vocabulary.save(path)
    assert Vocabulary.load(path) == vocabulary
    assert Vocabulary.from_sentences([["a", "a", "b", "c"]], min_count=2).words == ["a"]
    assert Vocabulary.from_sentences([["b", "a", "a", "c"]], max_size=2).words == ["a", "b"]
    (tmp_path / "bad.txt").write_text("hello\n")
    with pytest.raises(ValueError, match="not a vocabulary file"):
        Vocabulary.load(str(tmp_path / "bad.txt"))


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "holds no sentence"),
        (b"\n  \n\t\n", "holds no sentence"),
        ("caf\xe9 au lait\n".encode("latin-1"), "is not UTF-8 text"),
    ],
)
def test_bad_text_files_are_named(content, message, tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"--data {path} {message}"):
        read_sentences(str(path))
    with pytest.raises(ValueError, match="no such file"):
        read_sentences(str(tmp_path / "missing.txt"))


def test_a_byte_order_mark_is_not_part_of_the_first_word(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_bytes("\ufeffthe first line\nthe second\n".encode("utf-8"))
    assert read_sentences(str(path)) == ["the first line", "the second"]
    assert tokenize_lines(read_sentences(str(path)))[0][0] == "the"


def test_a_directory_or_an_unreadable_file_is_named(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match=f"--data {tmp_path} is a directory, not a text file"):
        read_sentences(str(tmp_path))
    path = tmp_path / "corpus.txt"
    path.write_text("a line\n")
    real_open = open

    def refusing_open(name, *args, **kwargs):  # As a file without read permission (root
        if str(name) == str(path):  # reads anything, so the refusal is simulated).
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    with pytest.raises(ValueError, match="--test_data .* cannot be read: Permission denied"):
        read_sentences(str(path), "--test_data")


def test_corpus_holds_out_a_split_and_refuses_an_unknown_test_file(tmp_path):
    train = tmp_path / "train.txt"
    train.write_text("\n".join(f"a dog number {i} runs ." for i in range(20)) + "\n\n")
    # The tiny recipe's oracle length off: the longest sentence sets the length.
    config = apply_overrides(load_preset("tiny"), [f"data={train}", "sequence_length=0"])
    corpus = TextCorpus.load(config)
    assert len(corpus.train_sentences) == 18 and len(corpus.test_sentences) == 2
    assert corpus.sequence_length == 7  # The longest sentence (6 words) and its end token.
    assert corpus.train_tokens.shape == (18, 7) and np.all(corpus.train_tokens[:, -1] == END_ID)
    unknown = tmp_path / "test.txt"
    unknown.write_text("zebra giraffe\nokapi\n")
    config = apply_overrides(config, [f"test_data={unknown}"])
    with pytest.raises(ValueError, match="none of its words is in the training vocabulary"):
        TextCorpus.load(config)
