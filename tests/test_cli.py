"""The `hebbgan` command end to end, in fresh processes: help, every bad input, the happy path.

Each bad input gets one line naming the flag or file, a non-zero exit, no traceback, and
leaves the files of an existing workdir byte for byte as they were.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.cli_helpers import REPO, assert_one_line_error, hebbgan, python, tree_hashes
from tf_hebbgan.data.tokenizer import tokenize_lines


def test_help_lists_every_command_with_its_flags():
    for flag in ("--help", "-h"):
        result = hebbgan(flag)
        assert result.returncode == 0, result.stderr
        for text in ("train:", "evaluate:", "sample:", "presets:", "--preset", "--num_samples"):
            assert text in result.stdout
        assert "--verbosity" not in result.stdout  # absl's own flags are not the tool's.
    result = hebbgan("sample", "--help")
    assert result.returncode == 0 and "--temperature" in result.stdout
    presets = hebbgan("presets")
    assert presets.returncode == 0
    line = next(line for line in presets.stdout.splitlines() if line.startswith("seqgan_budget"))
    assert "SeqGAN on a 2-core CPU budget" in line


@pytest.mark.parametrize(
    "args,message",
    [
        (["train", "--preset", "nope", "--workdir", "w"], "Unknown preset 'nope'"),
        (["train", "--preset", "tiny", "--workdir", "w", "--set", "epochs=2"], "Unknown config"),
        (["train", "--preset", "tiny", "--workdir", "w", "--set", "seed=x"], "Bad value for seed"),
        (["train", "--preset", "tiny"], "--workdir"),
        (["train", "--preset", "tiny", "--workdir", "w", "--set", "seed=-1"], "seed must lie"),
        (
            ["train", "--preset", "tiny", "--workdir", "w", "--set", "mle_learning_rate=nan"],
            "mle_learning_rate must be a finite number",
        ),
        (["evaluate", "--workdir", "does/not/exist"], "--workdir does/not/exist"),
        (["evaluate", "--workdir", "w", "--num_samples", "0"], "--num_samples"),
        (["sample", "--workdir", "w", "--num_samples", "2", "--temperature", "inf"], "finite"),
        (["evaluate", "--workdir", "w", "--output", "x"], "unrecognized arguments: --output"),
        (["train", "--preset", "tiny", "--workdir", "w", "--strategy", "tpu"], "invalid choice"),
        (
            ["train", "--preset", "tiny", "--workdir", "w", "--strategy", "multi_worker"],
            "needs TF_CONFIG",
        ),
        (["frobnicate"], "invalid choice"),
        ([], "give a command"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(args, message, tmp_path):
    result = hebbgan(*args, cwd=tmp_path)
    assert_one_line_error(result, message)
    assert os.listdir(tmp_path) == []


def test_a_failed_start_leaves_the_workdir_as_it_was(finished, tmp_path):
    workdir, _ = finished
    before = tree_hashes(workdir)
    for overrides in (
        ["--set", "pretrained_workdir=/nonexistent"],
        ["--set", "seed=-1"],
        ["--set", "mle_epochs=5"],
    ):
        result = hebbgan("train", "--preset", "tiny", "--workdir", workdir, *overrides)
        assert result.returncode != 0 and "Traceback" not in result.stderr
    assert tree_hashes(workdir) == before
    # A new workdir whose start fails is not created, so the corrected command runs.
    fresh = str(tmp_path / "fresh")
    result = hebbgan(
        "train", "--preset", "tiny", "--workdir", fresh, "--set", "pretrained_workdir=/nonexistent"
    )
    assert_one_line_error(result, "pretrained_workdir /nonexistent does not exist")
    assert not os.path.exists(fresh)


def test_bad_paths_and_flagfiles(finished, tmp_path):
    workdir, _ = finished
    before = tree_hashes(workdir)
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    assert_one_line_error(
        hebbgan("train", "--preset", "tiny", "--workdir", str(not_a_dir)), "is a file"
    )
    assert_one_line_error(
        hebbgan("sample", "--workdir", workdir, "--num_samples", "2", "--output", "/no/dir/x"),
        "--output /no/dir/x",
    )
    # An existing file is kept unless --overwrite says otherwise; the run's own never.
    sample = ["sample", "--workdir", workdir, "--num_samples", "2", "--output"]
    assert_one_line_error(hebbgan(*sample, str(not_a_dir)), "exists; --overwrite replaces it")
    assert not_a_dir.read_text() == "x"
    inside = os.path.join(workdir, "config.json")
    assert_one_line_error(hebbgan(*sample, inside, "--overwrite"), "is inside --workdir")
    assert_one_line_error(hebbgan(*sample[:-1], "--overwrite"), "argument --overwrite", code=2)
    latin = tmp_path / "flags.txt"
    latin.write_bytes("--preset=caf\xe9\n".encode("latin-1"))
    assert_one_line_error(hebbgan("train", f"--flagfile={latin}"), "is not UTF-8 text")
    assert_one_line_error(hebbgan("train", "--flagfile", str(tmp_path / "none")), "--flagfile")
    assert tree_hashes(workdir) == before


def test_train_evaluate_sample_and_flagfile(finished, tmp_path):
    workdir, result = finished
    assert "NLL-oracle" in result.stdout
    # TensorFlow's start-up lines are silenced.
    assert not [line for line in result.stderr.splitlines() if line.startswith(("I0000", "W0000"))]
    assert "cuda" not in result.stderr.lower()
    # Output to a file or pipe is a line per epoch: no progress bar's redraws or colours.
    assert "\x1b[" not in result.stdout and "\r" not in result.stdout
    assert len([line for line in result.stdout.splitlines() if "/step - loss" in line]) == 2
    results = json.loads(result.stdout.strip().splitlines()[-1])
    assert results["seed"] == 3 and results["nll_oracle"] > 0 and results["nll_test"] > 0
    for name in ("config.json", "generator.keras", "results.json", "history.csv"):
        assert os.path.exists(os.path.join(workdir, name))

    evaluated = hebbgan("evaluate", "--workdir", workdir)
    assert evaluated.returncode == 0, evaluated.stderr
    figures = json.loads(evaluated.stdout.strip().splitlines()[-1])
    # By default it draws the samples of the run's final figures: they come out again.
    assert figures == pytest.approx({key: results[key] for key in ("nll_oracle", "nll_test")})
    # --temperature and --seed are used, not ignored.
    flags = tmp_path / "flags.txt"
    flags.write_text(f"# evaluate cooler\n--workdir={workdir}\n--temperature=0.5\n--seed=5\n")
    cooled = hebbgan("evaluate", f"--flagfile={flags}")
    assert cooled.returncode == 0, cooled.stderr
    assert json.loads(cooled.stdout.strip().splitlines()[-1])["nll_test"] != figures["nll_test"]

    output = tmp_path / "samples.txt"
    sampled = hebbgan(
        "sample", "--workdir", workdir, "--num_samples", "3", "--seed", "1", "--output", str(output)
    )
    assert sampled.returncode == 0, sampled.stderr
    rows = np.array([line.split() for line in output.read_text().strip().splitlines()], int)
    assert rows.shape == (3, 10) and rows.min() >= 0 and rows.max() < 5000
    again = hebbgan(
        "sample", "--workdir", workdir, "--num_samples", "2", "--seed", "1", "--output",
        str(output), "--overwrite",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert len(output.read_text().splitlines()) == 2


def test_a_corrupt_final_generator_falls_back_to_the_newest_checkpoint(finished, tmp_path):
    workdir, result = finished
    copy = str(tmp_path / "copy")
    subprocess.run(["cp", "-r", workdir, copy], check=True)
    with open(os.path.join(copy, "generator.keras"), "wb") as file:
        file.write(b"not a zip file")
    evaluated = hebbgan("evaluate", "--workdir", copy)
    assert evaluated.returncode == 0, evaluated.stderr
    assert "not a readable .keras file" in evaluated.stderr  # A notice: never in the output.
    assert "newest good checkpoint" in evaluated.stderr
    results = json.loads(result.stdout.strip().splitlines()[-1])
    figures = json.loads(evaluated.stdout.strip().splitlines()[-1])
    assert figures == pytest.approx({key: results[key] for key in ("nll_oracle", "nll_test")})


def test_a_saved_model_loads_after_importing_tf_hebbgan_alone(finished):
    workdir, _ = finished
    code = (
        "import tf_hebbgan, keras, sys\n"
        f"model = keras.saving.load_model({os.path.join(workdir, 'generator.keras')!r})\n"
        "print(type(model).__name__, 'tf_hebbgan.models' in sys.modules)\n"
    )
    result = python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "LSTMGenerator"


def test_cli_closed_pipe_is_quiet():
    # Standard output is a pipe whose reading end is already closed, so every write fails.
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ, PYTHONPATH=REPO)
    result = subprocess.run(
        [sys.executable, "-m", "tf_hebbgan.cli", "presets"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    os.close(write_end)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_text_in_sentences_out(text_run, tmp_path):
    workdir, result = text_run
    assert "BLEU-5" in result.stdout and "self-BLEU-5" in result.stdout
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("bleu_2", "bleu_5", "self_bleu_2", "self_bleu_5", "nll_test", "mle_bleu_5"):
        assert key in figures
    assert 0 < figures["bleu_2"] <= 1 and figures["nll_test"] > 0
    words = set(open(os.path.join(workdir, "vocabulary.txt"), encoding="utf-8").read().split())
    flags = ["sample", "--workdir", workdir, "--num_samples", "4", "--seed", "3"]
    tokens = hebbgan(*flags, "--tokens")
    assert tokens.returncode == 0, tokens.stderr
    rows = tokens.stdout.strip().splitlines()
    assert len(rows) == 4 and all(set(row.split()) <= words for row in rows)
    sampled = hebbgan(*flags)  # The same sentences, readable: the tokenizer splits them back.
    assert sampled.returncode == 0, sampled.stderr
    sentences = sampled.stdout.strip().splitlines()
    assert [" ".join(words) for words in tokenize_lines(sentences)] == rows
    assert "<end>" not in sampled.stdout and "<pad>" not in sampled.stdout
    assert (
        sampled.stdout
        == hebbgan("sample", "--workdir", workdir, "--num_samples", "4", "--seed", "3").stdout
    )
    # evaluate draws the sentences of the run's final figures: its BLEU comes out again.
    evaluated = hebbgan("evaluate", "--workdir", workdir)
    assert evaluated.returncode == 0, evaluated.stderr
    again = json.loads(evaluated.stdout.strip().splitlines()[-1])
    assert again == pytest.approx({key: figures[key] for key in again}) and "bleu_5" in again


def test_bad_text_input_is_one_line_and_changes_nothing(text_run, tmp_path):
    workdir, _ = text_run
    before = tree_hashes(workdir)
    empty, blank, latin = tmp_path / "empty.txt", tmp_path / "blank.txt", tmp_path / "latin.txt"
    empty.write_text("")
    blank.write_text("\n \n\n")
    latin.write_bytes("un caf\xe9\n".encode("latin-1"))
    unknown = tmp_path / "unknown.txt"
    unknown.write_text("zebra okapi\n")
    fresh = str(tmp_path / "fresh")
    cases = [
        (["--data", str(empty)], "holds no sentence"),
        (["--data", str(blank)], "holds no sentence"),
        (["--data", str(latin)], "is not UTF-8 text"),
        (["--data", str(tmp_path / "missing.txt")], "no such file"),
        (["--test_data", str(unknown)], "none of its words is in the training vocabulary"),
    ]
    for flags, message in cases:
        result = hebbgan("train", "--preset", "tiny_text", "--workdir", fresh, *flags)
        assert_one_line_error(result, message)
        assert not os.path.exists(fresh)
    # A vocabulary that does not match the run's, at resume and at load.
    copy = str(tmp_path / "copy")
    subprocess.run(["cp", "-r", workdir, copy], check=True)
    os.remove(os.path.join(copy, "results.json"))
    with open(os.path.join(copy, "vocabulary.txt"), "a", encoding="utf-8") as file:
        file.write("zebra\n")
    copied = tree_hashes(copy)
    result = hebbgan("train", "--preset", "tiny_text", "--workdir", copy)
    assert_one_line_error(result, "Vocabulary mismatch")
    assert_one_line_error(
        hebbgan("sample", "--workdir", copy, "--num_samples", "2"), "Vocabulary mismatch"
    )
    assert tree_hashes(copy) == copied
    # Self-BLEU compares a run's sentences with each other: one is refused, naming the flag.
    result = hebbgan("evaluate", "--workdir", workdir, "--num_samples", "1")
    assert_one_line_error(result, "argument --num_samples: a text run's self-BLEU", code=2)
    assert tree_hashes(workdir) == before
