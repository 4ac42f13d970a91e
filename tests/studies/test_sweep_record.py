"""A sweep's per-seed scores kept in the run record: scored once, read back on any machine."""

import json

import pytest

from tf_hebbgan.studies import sweep
from tf_hebbgan.studies.run_record import RunRecord


def _scorer(generator, config, seed):
    return lambda temperature: {"nll": generator * temperature + seed, "div": -temperature}


def test_a_recorded_seed_is_not_loaded_again_and_gives_the_same_curve(tmp_path):
    record = RunRecord(str(tmp_path), "budget")
    source = {"nll": 9.5}
    loads = []

    def load(seed):
        loads.append(seed)
        return 2.0, None

    def recall(seed):
        return record.sweep_scores("row", seed, source)

    def remember(seed, scores):
        record.keep_sweep_scores("row", seed, source, scores)

    keys = ("nll", "div")
    first = sweep.curve("row", [0, 1], [0.8, 1.0], load, _scorer, keys, recall, remember)
    assert loads == [0, 1]
    assert first[0]["nll"] == pytest.approx((2.1, 0.5**0.5))  # Seeds 0 and 1: 1.6 and 2.6.

    def lost(seed):
        raise FileNotFoundError("the machine that ran it is gone")

    again = sweep.curve("row", [0, 1], [0.8, 1.0], lost, _scorer, keys, recall, remember)
    assert again == first
    # A new temperature loads each generator once more, for that temperature only.
    wider = sweep.curve("row", [0, 1], [0.8, 1.0, 1.2], load, _scorer, keys, recall, remember)
    assert loads == [0, 1, 0, 1] and wider[:2] == first
    assert sorted(record.sweep_scores("row", 1, source)) == ["0.8000", "1.0000", "1.2000"]


def test_scores_of_another_run_are_not_read(tmp_path):
    record = RunRecord(str(tmp_path), "budget")
    record.keep_sweep_scores("row", 0, {"nll": 9.5}, {"1.0000": {"nll": 9.0}})
    assert record.sweep_scores("row", 0, {"nll": 9.5}) == {"1.0000": {"nll": 9.0}}
    assert record.sweep_scores("row", 0, {"nll": 9.4}) == {}  # A rerun with other figures.
    assert record.sweep_scores("row", 0, {"nll": 9.5}, sweep.SWEEP_MLE_FILE) == {}
    assert record.sweep_scores("row", 1, {"nll": 9.5}) == {}


def test_without_a_record_nothing_is_kept(tmp_path):
    record = RunRecord("", "budget")
    record.keep_sweep_scores("row", 0, {"nll": 9.5}, {"1.0000": {"nll": 9.0}})
    assert record.sweep_scores("row", 0, {"nll": 9.5}) == {}
    assert not list(tmp_path.iterdir())


def test_a_run_is_swept_as_soon_as_it_is_trained(tmp_path):
    """GSGAN's run, and the MLE start it holds, are scored into its record though the
    study's sweep cannot run yet (the study's MLE start, RelGAN's, is not trained)."""
    from tf_hebbgan.studies import run
    from tf_hebbgan.studies.relgan_oracle import RELGAN_ORACLE

    record_dir = tmp_path / "record"

    def run_tiny(**kwargs):
        where = (str(tmp_path / "runs"), [0], "relgan_tiny", str(record_dir))
        return run.run_study(RELGAN_ORACLE, *where, temperatures=[0.9, 1.0], **kwargs)[1]

    report = run_tiny(rows=("gsgan",))
    assert "sweep" not in report
    kept = json.load(open(record_dir / "relgan_tiny" / "gsgan" / "seed_0" / "sweep.json"))
    assert sorted(kept["scores"]) == ["0.9000", "1.0000"]
    results = json.load(open(tmp_path / "runs" / "gsgan" / "seed_0" / "results.json"))
    assert kept["source"]["nll_test"] == results["nll_test"]
    at_one = kept["scores"]["1.0000"]["nll_test"]
    assert at_one == pytest.approx(results["nll_test"], rel=1e-4)
    start = json.load(open(record_dir / "relgan_tiny" / "gsgan" / "seed_0" / "sweep_mle.json"))
    assert start["source"]["nll_test"] == results["mle_nll_test"]
    at_one = start["scores"]["1.0000"]["nll_test"]
    assert at_one == pytest.approx(results["mle_nll_test"], rel=1e-4)
    assert not (record_dir / "relgan_tiny" / "relgan").exists()  # Nothing of RelGAN's.
    # With RelGAN's start trained the study sweeps, and GSGAN's own start goes into the
    # report as an MLE model of its own (`start_sweep`), from the scores kept above.
    report = run_tiny(rows=("relgan",), sweep_rows=["gsgan"])
    assert set(report["sweep"]) == {"mle", "gsgan"} and set(report["start_sweep"]) == {"gsgan"}
    figures = [point["nll_test"][0] for point in report["start_sweep"]["gsgan"]]
    assert figures == [start["scores"][key]["nll_test"] for key in ("0.9000", "1.0000")]


def _point(temperature, quality, diversity):
    return {"temperature": temperature, "nll": [quality, 0.0], "div": [diversity, 0.0]}


def _report(rows, mle_quality=1.0, seeds=(0, 1)):
    """A report sweeping `rows` (name: quality at T 1, its one seed figure)."""
    curves = {"mle": [_point(0.9, mle_quality - 0.1, 2.0), _point(1.0, mle_quality, 1.0)]}
    table_rows = {"mle": {"per_seed": [[mle_quality, 1.0]]}}
    for name, quality in rows.items():
        curves[name] = [_point(1.0, quality, 1.5)]
        table_rows[name] = {"per_seed": [[quality, 1.5]]}
    gaps = {name: [{"temperature": 1.0, "gap": [quality, 0.0]}] for name, quality in rows.items()}
    return {"seeds": list(seeds), "rows": table_rows, "sweep": curves, "gap_to_own_start": gaps}


ORDER = ["random", "mle", "seqgan", "maligan", "leakgan"]


def test_rows_swept_before_are_carried_into_a_sweep_of_another_row():
    recorded = _report({"maligan": 3.0, "seqgan": 2.0})
    recorded["start_sweep"] = {"maligan": [_point(1.0, 2.5, 1.4)]}  # Its own MLE start.
    report = _report({"leakgan": 0.5})
    report["rows"].update(recorded["rows"])  # The table reads every finished row.
    assert sweep.carry_recorded_rows(report, recorded, ORDER) == ["maligan", "seqgan"]
    assert list(report["sweep"]) == ["mle", "seqgan", "maligan", "leakgan"]  # The study's order.
    assert report["sweep"]["maligan"] == recorded["sweep"]["maligan"]
    assert report["gap_to_own_start"]["seqgan"] == recorded["gap_to_own_start"]["seqgan"]
    assert report["start_sweep"] == {"maligan": recorded["start_sweep"]["maligan"]}
    # A row swept again keeps its new curve, not the recorded one.
    report = _report({"maligan": 3.0})
    report["sweep"]["maligan"][0]["div"] = [1.7, 0.0]
    report["rows"].update(recorded["rows"])
    assert sweep.carry_recorded_rows(report, recorded, ORDER) == ["seqgan"]
    assert report["sweep"]["maligan"][0]["div"] == [1.7, 0.0]


def test_a_stale_recorded_curve_is_not_carried():
    recorded = _report({"maligan": 3.0})
    # The MLE start was run again: its curve moved.
    report = _report({"leakgan": 0.5}, mle_quality=1.01)
    report["rows"].update({"maligan": recorded["rows"]["maligan"]})
    assert sweep.carry_recorded_rows(report, recorded, ORDER) == []
    assert list(report["sweep"]) == ["mle", "leakgan"]
    # The row was run again: its figures moved.
    report = _report({"leakgan": 0.5, "seqgan": 2.0})
    report["rows"]["maligan"] = {"per_seed": [[3.2, 1.5]]}
    assert sweep.carry_recorded_rows(report, recorded, ORDER) == []
    # Other seeds; no recorded report; a row no longer in the table.
    assert sweep.carry_recorded_rows(_report({}, seeds=(0,)), recorded, ORDER) == []
    assert sweep.carry_recorded_rows(_report({}), {}, ORDER) == []
    assert sweep.carry_recorded_rows(_report({}), recorded, ORDER) == []


def test_only_a_sweep_over_every_recorded_seed_replaces_the_recorded_one():
    recorded = _report({"maligan": 3.0}, seeds=(0, 1, 2))
    assert not sweep.replaces(_report({"leakgan": 0.5}, seeds=(2,)), recorded)
    assert sweep.replaces(_report({"leakgan": 0.5}, seeds=(0, 1, 2)), recorded)
    assert sweep.replaces(_report({}, seeds=(0, 1, 2, 3)), recorded)
    assert not sweep.replaces(_report({}, seeds=(3,)), recorded)  # Other seeds: kept.
    # One seed's sweep after another's keeps the first; the three-seed sweep replaces both.
    assert not sweep.replaces(_report({}, seeds=(1,)), _report({}, seeds=(0,)))
    assert sweep.replaces(_report({}, seeds=(0,)), {"seeds": [0, 1, 2]})  # No sweep there.
