"""training/plastic_lm.py end to end on the recall corpus, cut to two epochs a run."""

import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(REPO, "training", "plastic_lm.py")


def _run(*flags):
    environment = dict(os.environ, PYTHONPATH=REPO, TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run(
        [sys.executable, SCRIPT, "--seeds=0", *flags],
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )


def _script(*flags):
    process = _run("--schedule=mle_recall_early", *flags)
    assert process.returncode == 0, process.stderr
    return [line for line in process.stdout.splitlines() if line.startswith("|")]


def test_recall_on_another_corpus_is_refused_in_one_line(tmp_path):
    process = _run("--schedule=mle_coco_early", "--recall", f"--record_dir={tmp_path}")
    assert process.returncode == 1 and process.stdout == ""
    assert process.stderr.strip() == (
        "plastic_lm.py: --recall scores a recall corpus; mle_coco_early trains on "
        "tf_hebbgan:assets/image_coco.txt."
    )


def test_rows_train_record_and_print_with_the_epoch_each_reached_and_recall(tmp_path):
    record = str(tmp_path / "record")
    flags = [f"--record_dir={record}", "--rows=lstm,plastic_neuromodulated", "--reach=9"]
    flags.append("--recall")
    cut = ["--set=mle_epochs=2", "--set=mle_validation_size=100", "--set=num_eval_samples=10"]
    trained = _script(f"--workdir={tmp_path / 'runs'}", *flags, *cut)
    assert "epochs to val NLL < 9.0" in trained[0] and "| lines recalled |" in trained[0]
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in trained[2:]}
    assert set(rows) == {"lstm", "plastic_neuromodulated"}
    assert rows["lstm"][1] == "9,685" and rows["plastic_neuromodulated"][1] == "10,743"
    assert rows["lstm"][5] == "1"  # Every validation NLL lies below 9 nats.
    for row, cells in rows.items():
        accuracy, lines, nll = (float(cell) for cell in cells[6:9])  # One seed: no spread.
        assert 0 <= lines <= accuracy <= 1 and nll > 0
        for name in ("history.csv", "recall.json"):
            assert os.path.exists(os.path.join(record, "mle_recall_early", row, "seed_0", name))
    # From the record alone, the same table.
    assert _script(f"--workdir={tmp_path / 'gone'}", "--notrain", *flags, *cut) == trained
