"""run_study end to end on the tiny schedule; replot; the script's table from the run record."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tf_hebbgan.studies import HEBBGAN_ORACLE, run

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "training", "results_table.py")


def _script(*flags):
    """Runs training/results_table.py; returns (exit code, stdout, stderr)."""
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    process = subprocess.run(
        [sys.executable, SCRIPT, *flags], capture_output=True, text=True, env=environment
    )
    return process.returncode, process.stdout, process.stderr


def test_the_recorded_table_prints_as_before_figure_for_figure(tmp_path):
    # The expected text is what the script printed from results/ before the study code moved
    # into the package; the run record in results/ has not changed since.
    expected = open(os.path.join(os.path.dirname(__file__), "data", "seqgan_budget_table.md"))
    code, out, err = _script(f"--workdir={tmp_path}", "--rows=", "--nosweep")
    assert code == 0, err
    assert out == expected.read()


def test_table_and_sweep_end_to_end_on_the_tiny_schedule(tmp_path):
    workdir = str(tmp_path)
    record_dir = tmp_path / "record"

    def run_tiny(**kwargs):
        return run.run_study(HEBBGAN_ORACLE, workdir, [0], "seqgan_tiny", str(record_dir), **kwargs)

    sweep_options = dict(
        temperatures=[0.8, 1.0],
        sweep_rows=["seqgan", "hebbgan_output_stateful"],
        reference_temperatures=[0.5, 1.0],
    )
    # MLE is not asked for: it is read from the SeqGAN row once that has run in this call,
    # so the table and the sweep come out of the one command that trains the rows.
    run_tiny(rows=("random", "seqgan", "hebbgan_output_stateful"), **sweep_options)
    report = json.load(open(os.path.join(workdir, "results_table.json")))
    assert set(report["rows"]) == {"random", "mle", "seqgan", "hebbgan_output_stateful"}
    # The MLE row is the start of the SeqGAN row's adversarial phase, read from its run.
    seqgan_run = json.load(open(tmp_path / "seqgan_tiny" / "seed_0" / "results.json"))
    assert report["rows"]["mle"]["per_seed"] == [
        [seqgan_run["mle_nll_oracle"], seqgan_run["mle_nll_test"]]
    ]
    hebbgan_config = json.load(
        open(tmp_path / "hebbgan_output_stateful" / "seed_0" / "config.json")
    )
    assert hebbgan_config["discriminator_plasticity"] == "output_stateful"
    assert hebbgan_config["adversarial_epochs"] == seqgan_run["adversarial_epochs"]
    # The random generator is far worse than MLE on both measures.
    random_row, mle_row = report["rows"]["random"], report["rows"]["mle"]
    assert random_row["nll_test"][0] > mle_row["nll_test"][0]
    # Sweep: a curve for MLE and one for each row asked for; at T = 1 its NLL-test is the
    # row's own (a near-random tiny generator need not get better when cooled, so the effect
    # of cooling is checked on the oracle below).
    sweep = report["sweep"]
    assert set(sweep) == {"mle", "seqgan", "hebbgan_output_stateful"}
    for row, points in sweep.items():
        assert [point["temperature"] for point in points] == [0.8, 1.0]
        own = report["rows"][row]["nll_test"][0]
        assert points[1]["nll_test"][0] == pytest.approx(own, rel=1e-4)
        assert points[0]["nll_test"][0] != pytest.approx(own, rel=1e-4)
    assert set(report["gap_at_equal_diversity"]) == set(sweep) - {"mle"}
    # Both rows start from the study's MLE, so with one seed the gap to a row's own start is
    # its gap to MLE's curve.
    assert set(report["gap_to_own_start"]) == set(sweep) - {"mle"}
    for row, gaps in report["gap_to_own_start"].items():
        for paired, plain in zip(gaps, report["gap_at_equal_diversity"][row], strict=True):
            if plain["gap"] is None:
                assert paired["gap"] is None
            else:
                assert paired["gap"] == pytest.approx((plain["gap"], 0.0))
    # The oracle at T = 1 scores its own entropy rate on both measures; cooled, it goes below
    # it on NLL-oracle and above it on NLL-test.
    cold, plain = report["oracle_reference"]
    assert [cold["temperature"], plain["temperature"]] == [0.5, 1.0]
    assert plain["nll_oracle"][0] == pytest.approx(plain["nll_test"][0], abs=0.3)
    assert cold["nll_oracle"][0] < plain["nll_oracle"][0] < plain["nll_test"][0] + 0.3
    assert cold["nll_test"][0] > plain["nll_test"][0]
    markdown = open(os.path.join(workdir, "results_table.md")).read()
    assert "| SeqGAN |" in markdown and "HebbGAN output / stateful trace" in markdown
    # A report with a sweep is recorded beside the runs.
    recorded_report = (
        record_dir / "seqgan_tiny" / "reports" / "hebbgan_oracle" / "results_table.json"
    )
    assert json.load(open(recorded_report)) == report and report["study"] == "hebbgan_oracle"
    assert recorded_report.with_suffix(".md").read_text() == markdown
    # A second call reads every finished run back instead of training again.
    mtime = os.path.getmtime(tmp_path / "seqgan_tiny" / "seed_0" / "results.json")
    run_tiny(**sweep_options)
    assert os.path.getmtime(tmp_path / "seqgan_tiny" / "seed_0" / "results.json") == mtime
    # Every finished run was recorded, SeqGAN under its row's name.
    for row in ("random", "seqgan", "hebbgan_output_stateful"):
        record = record_dir / "seqgan_tiny" / row / "seed_0"
        assert json.load(open(record / "results.json")) == json.load(
            open(tmp_path / ("seqgan_tiny" if row == "seqgan" else row) / "seed_0" / "results.json")
        )
    seqgan_record = record_dir / "seqgan_tiny" / "seqgan" / "seed_0"
    for name in ("history.csv", "tensorboard/adversarial", "tensorboard/train"):
        assert (seqgan_record / name).exists()
    # The row that pretrains keeps its MLE generator in the record; the rows that start from
    # it do not keep copies.
    assert (seqgan_record / "generator_mle.keras").exists()
    assert not (
        record_dir / "seqgan_tiny" / "hebbgan_output_stateful" / "seed_0" / "generator_mle.keras"
    ).exists()
    # The machine is lost: a new row starts from the recorded MLE generator, not a retrained
    # one, and the finished SeqGAN row is read from its record, not run again.
    mle = (tmp_path / "seqgan_tiny" / "seed_0" / "generator_mle.keras").read_bytes()
    for name in ("seqgan_tiny", "hebbgan_output_stateful", "random"):
        shutil.rmtree(tmp_path / name)
    run_tiny(rows=("seqgan_no_dropout",))
    assert (tmp_path / "seqgan_tiny" / "seed_0" / "generator_mle.keras").read_bytes() == mle
    assert not (tmp_path / "seqgan_tiny" / "seed_0" / "results.json").exists()
    control_run = json.load(open(tmp_path / "seqgan_no_dropout" / "seed_0" / "results.json"))
    assert control_run["mle_nll_oracle"] == seqgan_run["mle_nll_oracle"]
    report = json.load(open(os.path.join(workdir, "results_table.json")))
    assert set(report["rows"]) == {
        "random",
        "mle",
        "seqgan",
        "seqgan_no_dropout",
        "hebbgan_output_stateful",
    }
    # With the control done, the rows on its start are compared with it seed by seed.
    assert set(report["paired"]["minus_control"]) == {"seqgan", "hebbgan_output_stateful"}
    assert "minus the control" in open(os.path.join(workdir, "results_table.md")).read()
    # That --nosweep report did not replace the recorded one, which has the sweep.
    assert "sweep" in json.load(open(recorded_report)) and "sweep" not in report
    # Each swept run kept its scores in the record: with the generators' workdirs gone, the
    # sweep reads them back and gives the same curves.
    for row in ("seqgan", "hebbgan_output_stateful"):
        assert (record_dir / "seqgan_tiny" / row / "seed_0" / "sweep.json").exists()
    assert (seqgan_record / "sweep_mle.json").exists()
    run_tiny(**sweep_options)
    assert json.load(open(os.path.join(workdir, "results_table.json")))["sweep"] == sweep
    # A temperature not yet scored needs the MLE generator: its lost workdir gets the
    # recorded start back, and the curve gains the point.
    shutil.rmtree(tmp_path / "seqgan_tiny")
    run_tiny(**sweep_options, mle_temperatures=[0.9])
    assert (tmp_path / "seqgan_tiny" / "seed_0" / "generator_mle.keras").read_bytes() == mle
    swept = json.load(open(os.path.join(workdir, "results_table.json")))["sweep"]
    assert [point["temperature"] for point in swept["mle"]] == [0.8, 0.9, 1.0]
    # A sweep of one row keeps the recorded curve of the other, swept before.
    run_tiny(temperatures=[0.8, 1.0], sweep_rows=["seqgan"], reference_temperatures=[1.0])
    report = json.load(open(recorded_report))
    assert set(report["sweep"]) == {"mle", "seqgan", "hebbgan_output_stateful"}
    assert report["sweep"]["hebbgan_output_stateful"] == swept["hebbgan_output_stateful"]
    assert set(report["gap_at_equal_diversity"]) == {"seqgan", "hebbgan_output_stateful"}


def test_replot_redraws_from_the_report_and_names_what_is_missing(tmp_path):
    pytest.importorskip("matplotlib")
    path, record_dir = tmp_path / "again.png", tmp_path / "record"
    workdir = tmp_path / "runs"
    workdir.mkdir()

    def replot():
        run.replot(HEBBGAN_ORACLE, str(workdir), str(record_dir), "seqgan_budget", str(path))

    with pytest.raises(ValueError, match="results_table.json"):
        replot()
    point = {"temperature": 1.0, "nll_oracle": (9.0, 0.1), "nll_test": (9.0, 0.1)}
    report = {"rows": {}}
    (workdir / "results_table.json").write_text(json.dumps(report))
    with pytest.raises(ValueError, match="no sweep"):
        replot()
    # A report without a sweep in the workdir (a --nosweep run): the record's sweep.
    recorded = dict(report, sweep={"mle": [point], "seqgan": [point]}, oracle_entropy=5.75)
    reports = record_dir / "seqgan_budget" / "reports"
    (reports / "early_stopped_oracle").mkdir(parents=True)  # Another study's report: not read.
    (reports / "early_stopped_oracle" / "results_table.json").write_text(json.dumps(recorded))
    with pytest.raises(ValueError, match="no sweep"):
        replot()
    (reports / "hebbgan_oracle").mkdir()
    (reports / "hebbgan_oracle" / "results_table.json").write_text(json.dumps(recorded))
    replot()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    path.unlink()
    (workdir / "results_table.json").write_text(json.dumps(recorded))
    replot()
    assert path.exists()


def test_the_script_replots_and_answers_bad_flags_in_one_line(tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "sweep.png"
    # The recorded report of results/ holds the sweep.
    code, out, err = _script(f"--workdir={tmp_path}", "--replot", f"--plot={path}")
    assert code == 0, err
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out, err = _script(f"--workdir={tmp_path}", "--rows=nonsense", "--nosweep")
    assert code != 0 and "Unknown rows ['nonsense']" in err and "Traceback" not in err


def test_the_text_study_end_to_end_on_the_tiny_corpus(tmp_path):
    from tf_hebbgan.studies import HEBBGAN_COCO

    _, report, text = run.run_study(
        HEBBGAN_COCO,
        str(tmp_path),
        [0],
        "tiny_text",
        str(tmp_path / "record"),
        rows=("mle", "seqgan", "hebbgan_output_stateful"),
        temperatures=[0.8, 1.0],
        reference_temperatures=[0.8, 1.0],
    )
    assert set(report["rows"]) == {"mle", "seqgan", "hebbgan_output_stateful"}
    assert "| method (tiny_text, seeds 0) | BLEU-5 | self-BLEU-5 | BLEU-2 |" in text
    assert "paired by seed: BLEU-5 / self-BLEU-5" in text
    config = json.load(open(tmp_path / "hebbgan_output_stateful" / "seed_0" / "config.json"))
    assert config["discriminator_plasticity"] == "output_stateful" and config["data"]
    # The sweep: BLEU-5 against self-BLEU-5 for MLE and the best row, and the real captions.
    assert len(report["sweep"]) == 2 and "mle" in report["sweep"]
    point = report["sweep"]["mle"][1]
    assert point["temperature"] == 1.0 and 0 <= point["bleu_5"][0] <= 1
    # Real captions have no temperature: one point, at T 1, however many were asked for.
    (reference,) = report["oracle_reference"]
    assert reference["temperature"] == 1.0
    assert reference["bleu_5"][0] > point["bleu_5"][0]  # Real captions beat a tiny model.
    assert (tmp_path / "record" / "tiny_text" / "seqgan" / "seed_0" / "results.json").exists()
