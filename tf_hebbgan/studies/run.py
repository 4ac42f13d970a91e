"""`run_study`: a study's rows run or read, summarised, swept and written: the whole table job.

`training/results_table.py` is its command line; tests call it directly.
"""

from tf_hebbgan.studies import report as report_lib
from tf_hebbgan.studies import statistics, sweep
from tf_hebbgan.studies.run_record import RunRecord
from tf_hebbgan.studies.study_table import StudyTable


def run_study(
    study,
    workdir,
    seeds,
    schedule,
    record_dir="",
    rows=(),
    selection_seeds=None,
    best="",
    temperatures=None,
    sweep_rows=(),
    reference_temperatures=(),
    plot="",
    mle_temperatures=(),
):
    """Runs `rows` (reads every other finished row), prints the tables, sweeps, writes reports.

    With `temperatures`, each adversarial run of `rows` is scored at each temperature as soon
    as it is trained (kept in the run record), and with both MLE and an adversarial row
    finished for every seed, the sweep scores MLE
    and `sweep_rows` (empty: the best adversarial row) at each temperature (MLE also at
    `mle_temperatures`), prints each row's gap to MLE at equal diversity, scores the
    reference model at `reference_temperatures`, and plots to `plot` if given. The report goes to
    `WORKDIR/results_table.json` (and `.md`), and to the run record when it has a sweep
    (`RECORD_DIR/SCHEDULE/reports/STUDY/`).
    Returns `(table, report, text)`.
    """
    unknown = sorted(set(rows) - set(study.row_names))
    if unknown:
        raise ValueError(f"Unknown rows {unknown}; choose from {', '.join(study.row_names)}.")
    table = StudyTable(study, workdir, seeds, schedule, record_dir, selection_seeds, best)
    table.run_rows(rows)
    if temperatures:  # The runs trained here are swept now, while their generators are here.
        sweep.sweep_finished_runs(table, rows, temperatures, mle_temperatures)
    report = report_lib.summary_report(table)
    text = report_lib.text(table)
    print(text)
    trained = [name for name in table.results if study.row(name).adversarial]
    recorded = table.record.read_report(study.name)  # The study's last report with a sweep.
    if temperatures and sweep.MLE in table.results and trained:
        _add_sweep(
            table,
            report,
            recorded,
            temperatures,
            sweep_rows,
            reference_temperatures,
            mle_temperatures,
        )
        if plot:
            sweep.plot_sweep(report["sweep"], plot, study, report["oracle_entropy"])
            print(f"plot: {plot}")
    directories = [workdir]
    if "sweep" in report and table.record:  # A sweep is worth keeping beside the runs.
        if sweep.replaces(report, recorded):
            directories.append(table.record.report_dir(study.name))
        else:
            print(
                f"the recorded report (seeds {recorded['seeds']}) is kept; this one is in {workdir}"
            )
    for directory in directories:
        table.record.write_report(directory, report, text)
    return table, report, text


def _add_sweep(
    table, report, recorded, temperatures, rows, reference_temperatures, mle_temperatures=()
):
    study = table.study
    quality, diversity = study.quality, study.diversity
    report["sweep"] = sweep.sweep(table, temperatures, rows, mle_temperatures)
    swept = [row for row in report["sweep"] if row != sweep.MLE]
    report["gap_to_own_start"] = {
        row: sweep.paired_gap_to_start(table, row, temperatures, mle_temperatures) for row in swept
    }
    report["start_sweep"] = sweep.own_start_curves(table, swept, temperatures, mle_temperatures)
    carried = sweep.carry_recorded_rows(report, recorded, study.row_names)  # Swept before.
    if carried:
        print(f"sweep of {', '.join(carried)}: carried over from the recorded report")
    report["gap_at_equal_diversity"] = statistics.gap_at_equal_diversity(
        report["sweep"], quality.key, diversity.key, reference=sweep.MLE
    )
    for row, gaps in report["gap_at_equal_diversity"].items():
        text_gaps = report_lib.gaps_text(gaps, "outside MLE's range")
        print(f"{quality.label} of {row} minus MLE's at equal {diversity.label}: {text_gaps}")
    for row, gaps in report["gap_to_own_start"].items():
        text_gaps = report_lib.gaps_text(
            gaps, "outside", lambda gap: report_lib.figure(gap, len(table.seeds), "+")
        )
        print(
            f"{quality.label} of {row} minus its own start's at equal {diversity.label}, "
            f"paired by seed: {text_gaps}"
        )
    report["oracle_reference"] = sweep.reference_curve(table, reference_temperatures)
    holder = table.results.get(study.row(sweep.MLE).start, [])
    report["oracle_entropy"] = holder[0].get(study.collapse_key) if holder else None


def replot(study, workdir, record_dir, schedule, plot):
    """Redraws `plot` from the sweep of the workdir's report, else of the record's."""
    recorded = RunRecord(record_dir, schedule).report_dir(study.name)
    path, report = sweep.find_sweep_report([workdir, recorded])
    print(f"sweep from {path}")
    sweep.plot_sweep(report["sweep"], plot, study, report.get("oracle_entropy"))
    print(f"plot: {plot}")
