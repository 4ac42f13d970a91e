"""The README's walk from one's own text to sentences, a continued run and a served model:
every command of those sections runs, in order, as written (training shrunk by `--set`
overrides appended, so that it takes seconds; the rest of each command unchanged)."""

import os
import re
import shlex
import shutil
import subprocess

from tests.cli_helpers import REPO, hebbgan, python

FIRST, LAST = "## Your own text", "## Several devices and hosts"
# Seconds instead of hours: one MLE epoch, one small discriminator round, one or two epochs.
SHRINK = [
    "mle_epochs=1",
    "discriminator_pretrain_rounds=1",
    "discriminator_negatives=64",
    "discriminator_epochs=1",
    "discriminator_steps=1",
    "num_rollouts=2",
    "num_eval_samples=16",
]


def _blocks():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as file:
        text = file.read()
    walk = text[text.index(FIRST) : text.index(LAST)]
    return re.findall(r"```(bash|python)\n(.*?)```", walk, re.S)


def _shrunk(arguments):
    if arguments[:1] != ["train"]:
        return arguments
    longer = any(a.startswith("adversarial_epochs=") for a in arguments)
    arguments = [re.sub(r"^adversarial_epochs=\d+$", "adversarial_epochs=2", a) for a in arguments]
    extra = [] if longer else ["adversarial_epochs=1"]
    return arguments + [flag for o in SHRINK + extra for flag in ("--set", o)]


def test_the_readme_walk_runs_as_written(tmp_path):
    shutil.copy(os.path.join(REPO, "tf_hebbgan", "assets", "tiny_captions.txt"),
                tmp_path / "my_sentences.txt")  # fmt: skip
    ran = []
    for language, block in _blocks():
        if language == "python":
            result = python(block, cwd=tmp_path, quiet=False)
            assert result.returncode == 0, result.stderr
            ran.append("python")
            continue
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if not words or words[0] == "tensorboard":  # A server: not run here.
                continue
            if words[0] == "hebbgan":
                result = hebbgan(*_shrunk(words[1:]), cwd=tmp_path)
            else:
                result = subprocess.run(words, cwd=tmp_path, capture_output=True, text=True)
            assert result.returncode == 0, f"{line}\n{result.stderr}"
            ran.append(" ".join(words[:2]))
    assert ran.count("hebbgan train") == 2 and "hebbgan export" in ran and "python" in ran
    assert "continued_from" in (tmp_path / "runs" / "mine" / "results.json").read_text()
