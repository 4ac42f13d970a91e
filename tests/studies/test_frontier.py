"""The frontier across studies: the MLE envelope, gaps to it, and the script on recorded reports."""

import json
import os
import subprocess
import sys

import pytest

from tf_hebbgan.studies import frontier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _curve(*points):
    """Sweep points from `(temperature, nll_test, nll_oracle)` triples (std 0.01)."""
    return [
        {"temperature": t, "nll_test": [test, 0.01], "nll_oracle": [oracle, 0.01]}
        for t, test, oracle in points
    ]


CURVES = {
    ("seqgan_budget", "mle"): _curve((0.9, 9.0, 9.0), (1.0, 10.0, 8.0)),
    ("seqgan_budget_early", "mle"): _curve((0.9, 9.5, 8.0), (1.0, 11.0, 7.0)),
    ("seqgan_budget", "seqgan"): _curve((1.0, 9.5, 8.2), (1.1, 8.0, 9.5), (1.2, 12.0, 6.0)),
}
MLE_CURVES = [("seqgan_budget", "mle"), ("seqgan_budget_early", "mle")]


def test_the_envelope_is_the_lowest_mle_curve_where_each_is_defined():
    # At NLL-test 9.5 the first MLE curve gives 8.5 and the early-stopped one 8.0.
    assert frontier.envelope(CURVES, MLE_CURVES, 9.5) == (8.0, MLE_CURVES[1])
    # At 9.25 only the first covers it (the second starts at 9.5).
    assert frontier.envelope(CURVES, MLE_CURVES, 9.25) == (pytest.approx(8.75), MLE_CURVES[0])
    assert frontier.envelope(CURVES, MLE_CURVES, 8.0) == (None, None)


def test_gaps_are_to_the_envelope_and_none_outside_every_mle_curve():
    gaps = frontier.gaps_to_envelope(CURVES, MLE_CURVES)
    assert list(gaps) == [("seqgan_budget", "seqgan")]
    first, outside, beyond = gaps[("seqgan_budget", "seqgan")]
    assert first["gap"] == pytest.approx(0.2) and first["reference"] == MLE_CURVES[1]
    assert outside["gap"] is None and beyond["gap"] is None


def test_an_mle_model_swept_twice_is_drawn_once():
    curves = {**CURVES, ("seqgan_oracle", "mle"): CURVES[("seqgan_budget", "mle")]}
    kept, mle_curves = frontier.distinct_mle(curves, [*MLE_CURVES, ("seqgan_oracle", "mle")])
    assert mle_curves == MLE_CURVES  # The paper schedule pretrains as the budget one does.
    assert ("seqgan_oracle", "mle") not in kept
    assert frontier.mle_label("seqgan_budget_early").startswith("MLE, early-stopped")
    # Another generator's MLE, stopped by the same rule, is another model: kept and named.
    assert frontier.mle_label("relgan_budget").startswith("MLE of the relational memory, early")
    relational = [*MLE_CURVES, ("relgan_budget", "mle")]
    curves = {**CURVES, ("relgan_budget", "mle"): CURVES[("seqgan_budget_early", "mle")]}
    assert frontier.distinct_mle(curves, relational)[1] == relational


def test_a_rows_own_mle_start_is_an_mle_curve_of_the_envelope(tmp_path):
    directory = str(tmp_path / "early")
    _report(directory, "seqgan_budget_early", [("seqgan_budget_early", "mle")])
    path = os.path.join(directory, "results_table.json")
    report = json.load(open(path))
    own_start = _curve((0.9, 9.4, 7.0), (1.0, 10.0, 6.5))  # Below the study's MLE.
    report["sweep"]["leakgan"] = _curve((1.0, 9.6, 7.5))
    report["start_sweep"] = {"leakgan": own_start}
    json.dump(report, open(path, "w"))
    curves, mle_curves, _, _ = frontier.load_curves([directory])
    start = ("seqgan_budget_early", "start of leakgan")
    assert mle_curves == [("seqgan_budget_early", "mle"), start] and curves[start] == own_start
    assert frontier.distinct_mle(curves, mle_curves)[1] == mle_curves
    # The row is measured against its own start where that is the lowest MLE curve.
    (gap,) = frontier.gaps_to_envelope(curves, mle_curves)[("seqgan_budget_early", "leakgan")]
    assert gap["reference"] == start and gap["gap"] == pytest.approx(7.5 - 6.833333, abs=1e-5)
    label = frontier.label(start, {"leakgan": "LeakGAN"})
    assert label == "MLE start of LeakGAN (budget schedule, early-stopped start)"


def _report(directory, schedule, rows):
    os.makedirs(directory)
    report = {"schedule": schedule, "oracle_entropy": 5.75}
    report["sweep"] = {row: CURVES[(key_schedule, row)] for key_schedule, row in rows}
    report["oracle_reference"] = _curve((1.0, 5.75, 5.75))
    with open(os.path.join(directory, "results_table.json"), "w") as file:
        json.dump(report, file)


def test_a_curve_two_reports_hold_has_every_temperature_either_swept(tmp_path):
    """Two studies at one schedule: the second's narrower MLE sweep must not replace the
    first's, whose low temperatures reach the adversarial rows' diversity."""
    wide, narrow = str(tmp_path / "wide"), str(tmp_path / "narrow")
    _report(wide, "seqgan_budget_early", [("seqgan_budget_early", "mle")])
    os.makedirs(narrow)
    report = {
        "schedule": "seqgan_budget_early",
        "sweep": {"mle": _curve((1.0, 99.0, 99.0), (1.2, 12.0, 6.5))},
    }
    with open(os.path.join(narrow, "results_table.json"), "w") as file:
        json.dump(report, file)
    curves, mle_curves, _, _ = frontier.load_curves([wide, narrow])
    assert mle_curves == [("seqgan_budget_early", "mle")]
    points = curves[("seqgan_budget_early", "mle")]
    assert [point["temperature"] for point in points] == [0.9, 1.0, 1.2]
    assert points[1]["nll_test"] == [11.0, 0.01]  # The first report's point at T = 1.0.


def _script(*args):
    return subprocess.run(
        [sys.executable, os.path.join(ROOT, "training", "frontier.py"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ROOT},
    )


def test_the_script_prints_the_gaps_and_draws_the_plot(tmp_path):
    budget, early = str(tmp_path / "budget"), str(tmp_path / "early")
    _report(budget, "seqgan_budget", [("seqgan_budget", "mle"), ("seqgan_budget", "seqgan")])
    _report(early, "seqgan_budget_early", [("seqgan_budget_early", "mle")])
    plot, output = str(tmp_path / "frontier.png"), str(tmp_path / "frontier.json")
    result = _script(f"--reports={budget},{early}", f"--plot={plot}", f"--output={output}")
    assert result.returncode == 0, result.stderr
    assert "SeqGAN (budget schedule) minus the best MLE's at equal NLL-test: T=1.00: +0.200" in (
        result.stdout
    )
    assert os.path.getsize(plot) > 1000
    with open(output) as file:
        gaps = json.load(file)["gaps"]["SeqGAN (budget schedule)"]
    assert gaps[0]["reference"].startswith("MLE, early-stopped")


def test_a_report_without_a_sweep_is_a_one_line_error(tmp_path):
    directory = tmp_path / "budget"
    directory.mkdir()
    (directory / "results_table.json").write_text(json.dumps({"schedule": "seqgan_budget"}))
    result = _script(f"--reports={directory}")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"error: {directory}/results_table.json holds no sweep: run the study's table with --sweep."
    ]


def test_a_row_keeps_its_colour_across_schedules_and_mle_curves_are_solid():
    mle_a, mle_b = ("seqgan_budget", "mle"), ("seqgan_budget_early", "mle")
    keys = [mle_a, ("seqgan_budget", "seqgan"), mle_b, ("seqgan_budget_early", "seqgan")]
    keys.append(("seqgan_budget_early", "seqgan_no_dropout"))
    styles = frontier.curve_styles(keys, [mle_a, mle_b])
    budget, early = styles[keys[1]], styles[keys[3]]
    assert budget["color"] == early["color"] != styles[keys[4]]["color"]
    assert budget["linestyle"] != early["linestyle"] and budget["marker"] != early["marker"]
    assert styles[mle_a]["linestyle"] == styles[mle_b]["linestyle"] == "-"
    assert styles[mle_a]["color"] != styles[mle_b]["color"]


def test_the_enlarged_panel_frames_the_points_of_lowest_nll_test():
    def curve(points):
        return [{"nll_oracle": (o, 0.0), "nll_test": (n, 0.0)} for o, n in points]

    curves = {
        ("a", "mle"): curve([(9.0, 7.70), (8.0, 8.50)]),
        ("a", "row"): curve([(9.5, 7.60), (9.2, 7.75), (6.0, 12.0)]),
    }
    limits = frontier.zoom_limits(curves, width=0.2)
    assert limits == pytest.approx((7.59, 7.80))
    # Inside: 9.0, 9.5 and 9.2; the points at NLL-test 8.5 and 12 are left out.
    assert frontier.zoom_quality_range(curves, limits, margin=0.1) == pytest.approx((8.9, 9.6))
