"""The promises of docs/design.md "Reliability" that the `hebbgan` command keeps, in fresh
processes: one run per workdir, files that match their checksums, failed starts that write
nothing, bounded values, streamed samples, and one-line errors naming the right thing."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.cli_helpers import REPO, assert_one_line_error, hebbgan, tree_hashes


def _copy(workdir, target):
    shutil.copytree(workdir, target)
    return str(target)


def test_a_second_training_process_is_refused_and_readers_say_it_is_not_final(tmp_path):
    workdir = str(tmp_path / "run")
    flags = ["train", "--preset", "tiny", "--workdir", workdir, "--set", "mle_epochs=1000"]
    environment = dict(os.environ, PYTHONPATH=REPO)
    first = subprocess.Popen(
        [sys.executable, "-m", "tf_hebbgan.cli", *flags],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    try:
        checkpoints = os.path.join(workdir, "mle_checkpoints")
        deadline = time.time() + 300
        while not (os.path.isdir(checkpoints) and os.listdir(checkpoints)):
            assert first.poll() is None and time.time() < deadline, "the first run never saved"
            time.sleep(0.5)
        second = hebbgan(*flags)
        assert_one_line_error(second, f"in use by another training process (PID {first.pid})")
        sampled = hebbgan("sample", "--workdir", workdir, "--num_samples", "2", "--seed", "1")
        assert sampled.returncode == 0, sampled.stderr
        assert len(sampled.stdout.splitlines()) == 2
        assert f"is still training (PID {first.pid})" in sampled.stderr
        assert "not the final one" in sampled.stderr
        exported = hebbgan("export", "--workdir", workdir, "--out", str(tmp_path / "out"))
        assert_one_line_error(exported, f"it is still training, PID {first.pid}")
    finally:
        first.kill()
        first.wait()
    with open(os.path.join(workdir, "history.csv")) as file:
        assert sum(line.startswith("epoch,") for line in file) == 1  # One writer, one header.
    # Killed, the lock is gone with the process: readers now call the run unfinished.
    sampled = hebbgan("sample", "--workdir", workdir, "--num_samples", "1")
    assert sampled.returncode == 0 and "holds an unfinished run" in sampled.stderr


def test_files_changed_after_training_are_refused_by_every_command(text_run, tmp_path):
    workdir, _ = text_run
    copy = _copy(workdir, tmp_path / "copy")
    path = os.path.join(copy, "vocabulary.txt")
    with open(path, encoding="utf-8") as file:
        lines = file.read().splitlines()
    lines[5], lines[6] = lines[6], lines[5]  # Two words swapped: same size, wrong words.
    with open(path, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    before = tree_hashes(copy)
    commands = [
        ["sample", "--workdir", copy, "--num_samples", "2"],
        ["evaluate", "--workdir", copy],
        ["export", "--workdir", copy, "--out", str(tmp_path / "saved")],
        ["export", "--workdir", copy, "--out", str(tmp_path / "gan"), "--format", "keras"],
        ["train", "--preset", "tiny_text", "--workdir", copy],  # A finished run.
    ]
    for command in commands:
        assert_one_line_error(hebbgan(*command), "vocabulary.txt was changed after the run")
    assert tree_hashes(copy) == before
    assert not os.path.exists(tmp_path / "saved") and not os.path.exists(tmp_path / "gan")
    # The recipe too.
    shutil.copy(os.path.join(workdir, "vocabulary.txt"), path)
    config = os.path.join(copy, "config.json")
    with open(config) as file:
        text = file.read()
    with open(config, "w") as file:
        file.write(text.replace('"min_count": 1', '"min_count": 2'))
    assert_one_line_error(
        hebbgan("sample", "--workdir", copy, "--num_samples", "2"), "config.json was changed"
    )


def test_a_failed_start_takes_back_what_it_wrote(finished, tmp_path):
    workdir, _ = finished
    small = tmp_path / "small.txt"
    small.write_text("".join(f"a cat sat on the mat {i}\n" for i in range(20)))
    fresh, empty = str(tmp_path / "fresh"), tmp_path / "empty"
    empty.mkdir()
    for target in (fresh, str(empty)):
        result = hebbgan(
            "train", "--preset", "tiny_text", "--workdir", target, "--data", str(small)
        )
        assert_one_line_error(result, "18 training sequences: fewer than one batch of batch_size")
    assert not os.path.exists(fresh) and os.listdir(empty) == []
    # A pretrained start whose generator is broken is refused before anything is written.
    broken = _copy(workdir, tmp_path / "broken")
    with open(os.path.join(broken, "generator.keras"), "wb") as file:
        file.write(b"PK\x03\x04 half a zip")
    result = hebbgan(
        "train", "--preset", "tiny", "--workdir", fresh, "--seed", "3",
        "--set", f"pretrained_workdir={broken}",
    )  # fmt: skip
    assert_one_line_error(result, "generator.keras is not a readable .keras file")
    assert not os.path.exists(fresh)


@pytest.mark.parametrize(
    "command,message",
    [
        (["--set", "min_count=1000"], "min_count 1000 leaves no word in the vocabulary of --data"),
        (["--data", "{two_lines}"], "sentences held out for testing"),
        (["--set", "pretrained_workdir=/etc/passwd"], "/etc/passwd is a file, not a run dir"),
        (["--set", "num_eval_samples=99999999999999999999"], "num_eval_samples must lie below"),
        (["--set", "num_eval_samples=20000000"], "num_eval_samples must be at most 10,000,000"),
    ],
)
def test_errors_name_the_right_thing(command, message, tmp_path):
    two_lines = tmp_path / "two.txt"
    two_lines.write_text("a cat sat\nthe dog ran\n")
    command = [part.format(two_lines=two_lines) for part in command]
    workdir = str(tmp_path / "run")
    result = hebbgan("train", "--preset", "tiny_text", "--workdir", workdir, *command)
    assert_one_line_error(result, message)
    assert not os.path.exists(workdir)


def test_multi_worker_config_of_the_wrong_shape(tmp_path):
    environment = dict(
        os.environ,
        PYTHONPATH=REPO,
        TF_CONFIG='{"cluster": {"worker": "localhost:1"}, "task": {"type": "worker", "index": 0}}',
    )
    result = subprocess.run(
        [sys.executable, "-m", "tf_hebbgan.cli", "train", "--preset", "tiny", "--workdir",
         str(tmp_path / "run"), "--strategy", "multi_worker"],
        capture_output=True, text=True, env=environment, timeout=600,
    )  # fmt: skip
    assert_one_line_error(result, 'cluster "worker" must be a list of "host:port" strings')


def test_extreme_values_are_refused_and_large_requests_stream(finished, tmp_path):
    workdir, _ = finished
    for command, message in [
        (["sample", "--num_samples", "2", "--temperature", "1e-45"], "must lie in [1e-06, 1e+06]"),
        (["sample", "--num_samples", "2", "--temperature", "1e300"], "must lie in [1e-06, 1e+06]"),
        (["evaluate", "--temperature", "1e-40"], "must lie in [1e-06, 1e+06]"),
        (["evaluate", "--num_samples", "1000000000"], "between 1 and 10,000,000"),
    ]:
        assert_one_line_error(hebbgan(command[0], "--workdir", workdir, *command[1:]), message)
    # More than one chunk of the generator's sample_batch_size: written as drawn, progress on
    # stderr, the same lines to a file as to standard output.
    flags = ["sample", "--workdir", workdir, "--num_samples", "2500", "--seed", "4"]
    streamed = hebbgan(*flags)
    assert streamed.returncode == 0, streamed.stderr
    assert len(streamed.stdout.splitlines()) == 2500
    assert "2500/2500" in streamed.stderr
    # Into a pipe, the progress is one line at the end: no redraws, no colour codes.
    assert "\x1b[" not in streamed.stderr and "\r" not in streamed.stderr
    assert [line for line in streamed.stderr.splitlines() if "/2500" in line] == [
        line for line in streamed.stderr.splitlines() if line.startswith("2500/2500")
    ]
    output = tmp_path / "samples.txt"
    written = hebbgan(*flags, "--output", str(output))
    assert written.returncode == 0, written.stderr
    assert output.read_text() == streamed.stdout
    assert os.listdir(tmp_path) == ["samples.txt"]  # No temporary file left beside it.


def test_an_unwritable_workdir_is_refused_before_anything_happens(tmp_path, monkeypatch):
    import tempfile

    from tf_hebbgan.config import load_preset
    from tf_hebbgan.trainers import experiment

    workdir = tmp_path / "run"
    workdir.mkdir()

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    with pytest.raises(ValueError, match="is not writable \\(Read-only file system\\)"):
        experiment.check_start(load_preset("tiny"), str(workdir))
