"""Generating from a prefix: `GAN.generate`, `hebbgan sample --prefix` and the SavedModel's
`complete` signature give the same sentences, readable, starting with the prefix."""

import numpy as np
import pytest
import tensorflow as tf

from tests.cli_helpers import assert_one_line_error, hebbgan
from tf_hebbgan.gan import GAN

PREFIX = "A man, riding"


def test_a_prefix_is_completed_alike_by_the_library_the_command_and_the_saved_model(
    text_run, tmp_path
):
    workdir, _ = text_run
    gan = GAN.from_run(workdir)
    library = gan.generate(5, prefix=PREFIX, temperature=0.9, seed=3)
    assert len(library) == 5 and all(s.startswith("a man, riding ") for s in library)
    command = hebbgan(
        "sample", "--workdir", workdir, "--num_samples", "5", "--seed", "3",
        "--temperature", "0.9", "--prefix", PREFIX,
    )  # fmt: skip
    assert command.returncode == 0, command.stderr
    assert command.stdout.splitlines() == library
    out = str(tmp_path / "saved")
    exported = hebbgan("export", "--workdir", workdir, "--out", out)
    assert exported.returncode == 0 and "complete" in exported.stdout, exported.stderr
    served = tf.saved_model.load(out).signatures["complete"](
        prefixes=tf.constant([PREFIX] * 5),
        temperature=tf.constant(0.9),
        seed=tf.constant(3, tf.int64),
    )
    assert [s.decode() for s in served["sentences"].numpy()] == library
    # The tokens stay available: the same sentences, split as the tokenizer splits.
    words = gan.generate(5, prefix=PREFIX, temperature=0.9, seed=3, tokens=True)
    assert [s.decode() for s in served["words"].numpy()] == words
    assert all(w.startswith("a man , riding ") for w in words)


def test_completion_without_a_prefix_is_sampling(text_run):
    workdir, _ = text_run
    generator = GAN.from_run(workdir).generator
    sampled = generator.sample(7, 1.0, seed=5)
    completed = generator.complete(np.zeros_like(sampled), np.zeros(7, np.int32), 1.0, seed=5)
    np.testing.assert_array_equal(completed, sampled)


def test_what_a_prefix_loses_is_said_and_a_prefix_without_words_refused(text_run):
    workdir, _ = text_run
    gan = GAN.from_run(workdir)  # Sequences of 13 tokens: a prefix keeps at most 12 words.
    with pytest.warns(UserWarning, match=r"words 'zebraxx', 'qq' are not in the run"):
        completed = gan.generate(2, prefix="a zebraxx qq zebraxx", seed=1, tokens=True)
    assert all(s.startswith("a <unk> <unk> <unk> ") for s in completed)
    long_prefix = " ".join(["a"] * 15)
    result = hebbgan("sample", "--workdir", workdir, "--num_samples", "2", "--seed", "1",
                     "--prefix", f"zebraxx {long_prefix}", "--tokens")  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("hebbgan sample: warning: ") for line in lines)
    assert "'zebraxx' are not in" in lines[0] and "has 16 words and a sequence 13" in lines[1]
    kept = ["<unk>"] + ["a"] * 11
    assert [s.split()[:12] for s in result.stdout.splitlines()] == [kept, kept]
    with pytest.raises(ValueError, match="A prefix must be a string. Received: 123"):
        gan.generate(2, prefix=123)
    with pytest.raises(ValueError, match=r"special tokens \(<end>\)"):
        gan.vocabulary.prefix_problems(["a", "<end>", "dog"], 13)  # A whitespace tokenizer's.
    result = hebbgan("sample", "--workdir", workdir, "--num_samples", "2", "--prefix", " ")
    assert_one_line_error(result, "The prefix has no words to start from.")


def test_a_prefix_on_an_oracle_run_is_refused(finished):
    workdir, _ = finished
    result = hebbgan("sample", "--workdir", workdir, "--num_samples", "2", "--prefix", "x")
    assert_one_line_error(result, "--prefix needs a text run")


def test_a_recipe_and_a_run_can_be_read_field_by_field(finished, tmp_path):
    from tf_hebbgan.recipe_listing import field_descriptions

    assert all(field_descriptions().values())  # Every field has its one line.
    shown = hebbgan("presets", "relgan_budget")
    assert shown.returncode == 0, shown.stderr
    assert "builds on relgan_oracle" in shown.stdout
    lines = {line[2:].split()[0]: line for line in shown.stdout.splitlines() if " = " in line}
    assert lines["mle_patience"].startswith("*") and lines["batch_size"].startswith(" ")
    assert "# Epochs without a lower validation NLL" in lines["mle_patience"]
    workdir, _ = finished
    run = hebbgan("config", "--workdir", workdir)
    assert run.returncode == 0, run.stderr
    marked = [line[2:].split()[0] for line in run.stdout.splitlines() if line.startswith("*")]
    assert marked == ["seed"]  # The run was trained with --seed 3.
    assert "10%%" not in hebbgan("--help").stdout
    # The README's export, into a directory whose parent does not exist yet.
    out = tmp_path / "exported" / "mine"
    exported = hebbgan("export", "--workdir", workdir, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert (out / "saved_model.pb").exists()
