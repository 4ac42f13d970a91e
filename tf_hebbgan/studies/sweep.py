"""The quality-diversity sweep: every metric of MLE and adversarial rows over temperatures.

Cooling a generator's softmax trades diversity for quality, so a row beats MLE only if its
curve lies below MLE's at equal diversity (`statistics.gap_at_equal_diversity`). The
reference model itself (the oracle), cooled, shows what a quality beyond its own costs.
"""

import os

from tf_hebbgan import config as config_lib
from tf_hebbgan.files import read_json
from tf_hebbgan.studies import statistics
from tf_hebbgan.studies.run_record import REPORT_FILE, RESULTS_FILE, SWEEP_FILE, SWEEP_MLE_FILE

MLE = "mle"  # The reference curve: the row of every seed's MLE start.


def temperature_key(temperature):
    return f"{float(temperature):.4f}"


def curve(name, seeds, temperatures, load, scorer, keys, recall=None, remember=None, echo=True):
    """Mean ± std over `seeds` of each metric in `keys` at each temperature (those the
    scorer gives).

    `load(seed)` gives `(generator, config)`; `scorer(generator, config, seed)` a function of
    the temperature returning the metrics. Each seed's model and data load once, and only if
    `recall(seed)` (`{temperature_key: metrics}` scored before) lacks a temperature; the
    seed's scores then go to `remember(seed, scores)`.
    """
    values = {temperature: {key: [] for key in keys} for temperature in temperatures}
    for seed in seeds:
        scores = dict(recall(seed)) if recall else {}
        missing = [t for t in temperatures if temperature_key(t) not in scores]
        if missing:
            generator, config = load(seed)
            score = scorer(generator, config, seed)
            for temperature in missing:
                metrics = score(temperature).items()
                scores[temperature_key(temperature)] = {k: float(v) for k, v in metrics}
            if remember:
                remember(seed, scores)
        for temperature in temperatures:
            for key, value in scores[temperature_key(temperature)].items():
                values[temperature][key].append(value)
    points = []
    for temperature in temperatures:
        # A metric the scorer does not give (real captions have no NLL-test) is left out,
        # not written as NaN, which strict JSON readers refuse.
        given = {key: found for key, found in values[temperature].items() if found}
        point = {"temperature": temperature}
        point.update({key: statistics.mean_std(found) for key, found in given.items()})
        points.append(point)
        if echo:
            figures = " ".join(f"{key} {point[key][0]:.3f}" for key in given)
            print(f"sweep {name:32s} T={temperature:.2f} {figures}")
    return points


def sweep(table, temperatures, rows=(), mle_temperatures=()):
    """Curves of MLE and of the finished adversarial `rows` (empty: the best of them).

    MLE is scored at `temperatures` and `mle_temperatures` too: colder points let the
    reference curve reach the diversity of rows that start from another model, so their gap
    at equal diversity is measured instead of falling outside MLE's range.
    """
    study = table.study
    adversarial = [name for name in table.results if study.row(name).adversarial]
    unknown = [name for name in rows if name not in adversarial]
    if unknown:
        raise ValueError(
            f"Cannot sweep {', '.join(unknown)}: not a finished adversarial row of this "
            f"table ({', '.join(adversarial) or 'none'})."
        )
    rows = list(rows) or [table.best_of(adversarial)]
    return {
        name: row_curve(table, name, table.seeds, temperatures, mle_temperatures)
        for name in [MLE, *rows]
    }


def sweep_finished_runs(table, names, temperatures, mle_temperatures=()):
    """Scores each run of the adversarial rows `names` finished in its workdir (and the MLE
    start of a row that holds it) at `temperatures`, seed by seed, into the run record.

    A run is swept as soon as it is trained, while its generator is at hand, whatever the
    other seeds and rows of the table: the study's sweep later reads the scores back.
    """
    study = table.study
    for name in names:
        if not study.row(name).adversarial:
            continue
        for seed in table.seeds:  # Finished in its workdir: its generator is there.
            if not os.path.exists(os.path.join(table.row_workdir(name, seed), RESULTS_FILE)):
                continue
            if study.row(name).pretrains:  # It holds an MLE start: the study's, or its own.
                start_curve(table, name, [seed], temperatures, mle_temperatures)
            row_curve(table, name, [seed], temperatures)


def row_curve(table, name, seeds, temperatures, mle_temperatures=(), echo=True):
    """The curve of row `name` (or `MLE`, the study's MLE start) over `seeds`, each seed's
    scores read from the run record where kept there and kept there once scored."""
    if name == MLE:
        return start_curve(table, MLE, seeds, temperatures, mle_temperatures, echo)
    return _recorded_curve(table, name, name, False, seeds, temperatures, echo)


def start_curve(table, name, seeds, temperatures, mle_temperatures=(), echo=True):
    """The curve of the MLE start that row `name`'s runs begin from (`MLE`: the study's),
    at `temperatures` and `mle_temperatures`, kept in its holder's record."""
    holder = table.study.row(name).start_row  # For MLE, a start row: the row holding it.
    at = sorted({*temperatures, *mle_temperatures})
    label = MLE if name == MLE else f"start of {name}"
    return _recorded_curve(table, label, holder, True, seeds, at, echo)


def _recorded_curve(table, name, holder, start, seeds, temperatures, echo):
    """`curve` of the generator run `holder` ends with (`start`: the MLE one it holds)."""
    from tf_hebbgan.trainers import experiment

    study = table.study
    file = experiment.MLE_GENERATOR_FILE if start else None

    def load(seed):
        workdir = table.row_workdir(holder, seed)
        if file and not os.path.exists(workdir):  # A lost workdir: its recorded start.
            table.record.restore_start(holder, seed, workdir)
        config = config_lib.Config.from_json(os.path.join(workdir, "config.json"))
        return experiment.load_generator(workdir, file), config

    # Each seed's scores live in the record beside its run, tied to the run's figures.
    record_name = SWEEP_MLE_FILE if start else SWEEP_FILE
    prefix = "mle_" if start else ""

    def source(seed):
        results = read_json(table.finished_run(holder, seed))
        return {key: results.get(prefix + key, results.get(key)) for key in study.keys}

    def recall(seed):
        return table.record.sweep_scores(holder, seed, source(seed), record_name)

    def remember(seed, scores):
        table.record.keep_sweep_scores(holder, seed, source(seed), scores, record_name)

    return curve(name, seeds, temperatures, load, study.scorer, study.keys, recall, remember, echo)


def own_start_curves(table, rows, temperatures, mle_temperatures=()):
    """`{row: curve}`: the mean curves over seeds of the MLE starts that `rows` train for
    themselves (GSGAN's LSTM, LeakGAN's generator), not the study's MLE. They are models of
    MLE alone, so the frontier counts them among its MLE curves."""
    study = table.study
    shared = study.row(MLE).start_row
    holders = dict.fromkeys(study.row(name).start_row for name in rows)
    return {
        holder: start_curve(table, holder, table.seeds, temperatures, mle_temperatures, False)
        for holder in holders
        if holder != shared
    }


def paired_gap_to_start(table, name, temperatures, mle_temperatures=()):
    """Row `name`'s gap to its own MLE start's curve at equal diversity, paired by seed
    (`statistics.paired_gap_at_equal_diversity`): the question of the sweep asked of each
    seed against the very model it started from, so the starts' spread drops out."""
    quality, diversity = table.study.quality, table.study.diversity
    rows, starts = [], []
    for seed in table.seeds:
        rows.append(row_curve(table, name, [seed], temperatures, echo=False))
        starts.append(start_curve(table, name, [seed], temperatures, mle_temperatures, echo=False))
    return statistics.paired_gap_at_equal_diversity(rows, starts, quality.key, diversity.key)


def carry_recorded_rows(report, recorded, order, tolerance=1e-3):
    """Copies into `report` the curves of rows that `recorded` (the study's last recorded
    report) swept and `report` did not; returns their names.

    A sweep of one row (the one that has just finished) then keeps the curves of the rows
    swept before, whose generators may be gone. A row is carried only if both reports have
    the same seeds, the same MLE curve (within `tolerance` at every shared temperature) and
    the row's same figures seed by seed: a start or a row run again makes its curve stale.
    `order` (row names) orders the curves as the study does.
    """
    curves = report.get("sweep", {})
    old = recorded.get("sweep", {})
    if not curves or recorded.get("seeds") != report.get("seeds") or MLE not in old:
        return []
    if not _same_curve(curves[MLE], old[MLE], tolerance):
        return []
    carried = [
        name
        for name in old
        if name not in curves
        and name in report["rows"]
        and name in recorded.get("rows", {})
        and _same_figures(report["rows"][name], recorded["rows"][name], tolerance)
    ]
    for name in carried:
        curves[name] = old[name]
        for part in ("gap_to_own_start", "start_sweep"):  # A row's own start: its holder's.
            if name in recorded.get(part, {}):
                report.setdefault(part, {})[name] = recorded[part][name]
    report["sweep"] = {name: curves[name] for name in in_study_order(curves, order)}
    return carried


def in_study_order(names, row_names):
    """`names` (row names and MLE) as the study orders its rows, MLE first: reports read
    back from JSON have their keys sorted."""
    rank = {name: index for index, name in enumerate([MLE, *row_names])}
    return sorted(names, key=lambda name: rank.get(name, len(rank)))


def replaces(report, recorded):
    """Whether `report` may replace `recorded`, the study's recorded report: only when its
    seeds cover every seed that one's sweep covers (a run's own one-seed sweep must replace
    neither the study's three-seed report nor another seed's)."""
    if "sweep" not in recorded:
        return True
    return set(report.get("seeds", [])) >= set(recorded.get("seeds", []))


def _same_curve(points, others, tolerance):
    """Whether two curves agree on every metric at every temperature both hold."""
    by_temperature = {point["temperature"]: point for point in others}
    for point in points:
        other = by_temperature.get(point["temperature"])
        if other is None:
            continue
        for key, value in point.items():
            if key != "temperature" and key in other and abs(value[0] - other[key][0]) > tolerance:
                return False
    return True


def _same_figures(row, other, tolerance):
    """Whether a table row's figures agree with another's, seed by seed."""
    mine, theirs = row.get("per_seed", []), other.get("per_seed", [])
    return len(mine) == len(theirs) and all(
        len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
        for a, b in zip(mine, theirs, strict=True)
    )


def reference_curve(table, temperatures):
    """The reference model itself (the oracle), cooled: what quality beyond its own costs.

    Sampling at T < 1 sharpens the data's own distribution: the quality figure goes below
    the entropy rate while NLL-test rises, the signature of lost diversity on the one model
    whose quality cannot be beaten. Real sentences (a schedule with `data`) have no
    temperature: they are one point, at T 1.
    """
    config = config_lib.load_preset(table.schedule)
    if temperatures and config.data:
        temperatures = (1.0,)
    return curve(
        table.study.reference_label,
        table.seeds,
        temperatures,
        lambda seed: (None, config),
        table.study.scorer,
        table.study.keys,
    )


def find_sweep_report(directories):
    """The first report with a sweep among `directories`' reports (a ValueError if none)."""
    candidates = [os.path.join(directory, REPORT_FILE) for directory in directories if directory]
    found = [candidate for candidate in candidates if os.path.exists(candidate)]
    if not found:
        raise ValueError(f"--replot needs {' or '.join(candidates)}; run the table first.")
    for path in found:  # In order: a later one is read only if needed.
        report = read_json(path)
        if "sweep" in report:
            return path, report
    raise ValueError(f"{' and '.join(found)} hold no sweep; run the table with --sweep first.")


def plot_sweep(curves, path, study, oracle_entropy=None):
    """Quality against diversity, a curve per row with error bars; labels are temperatures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    quality, diversity = study.quality, study.diversity
    figure, axes = plt.subplots(figsize=(6, 4.5))
    for row in in_study_order(curves, study.row_names):
        points = curves[row]
        x = [point[diversity.key][0] for point in points]
        y = [point[quality.key][0] for point in points]
        axes.errorbar(
            x,
            y,
            xerr=[point[diversity.key][1] for point in points],
            yerr=[point[quality.key][1] for point in points],
            marker="o",
            capsize=2,
            label=study.label(row),
        )
        for point, xi, yi in zip(points, x, y, strict=True):
            axes.annotate(f"{point['temperature']:g}", (xi, yi), fontsize=7)
    if oracle_entropy:
        # The oracle scores (H, H) with H its entropy rate, far below these curves; a line at H
        # would squash them, so it is drawn only when the curves come near it.
        lowest = min(point[quality.key][0] for points in curves.values() for point in points)
        if lowest - oracle_entropy < 1.0:
            axes.axhline(oracle_entropy, color="gray", linestyle="--", label="oracle's entropy")
        else:
            axes.text(
                0.98,
                0.02,
                f"the oracle itself: {oracle_entropy:.2f} / {oracle_entropy:.2f} (off the axes)",
                transform=axes.transAxes,
                ha="right",
                fontsize=8,
                color="gray",
            )
    axes.set_xlabel(f"{diversity.label} (diversity; {_better(diversity)} is better)")
    axes.set_ylabel(f"{quality.label} (quality; {_better(quality)} is better)")
    axes.set_title("Temperature sweep (labels: temperature; bars: std over seeds)", fontsize=10)
    axes.legend()
    figure.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path, dpi=120)


def _better(metric):
    return "lower" if metric.lower_is_better else "higher"
