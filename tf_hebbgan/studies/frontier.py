"""The quality-diversity frontier across studies: every MLE and adversarial sweep in one plot.

Each study's report (`results_table.json` with a sweep) holds curves over temperatures; this
gathers them from several schedules, takes the lower envelope of the MLE curves as the best
MLE frontier (the lowest quality figure any MLE model reaches at a given diversity), and
measures every adversarial point's gap to it at equal diversity. A negative gap is quality
no change of temperature of any MLE model gives.
"""

import os

from tf_hebbgan.files import read_json
from tf_hebbgan.studies import statistics
from tf_hebbgan.studies.run_record import REPORT_FILE
from tf_hebbgan.studies.sweep import MLE

ORACLE = "oracle"  # The curve of the oracle itself, cooled.
START = "start of "  # A row's own MLE start: (schedule, START + row).


def start_key(row):
    return START + row


def load_curves(report_dirs):
    """`(curves, mle_curves, oracle, oracle_entropy)` from the reports in `report_dirs`.

    `curves` maps `(schedule, row)` to sweep points, in the reports' order; a curve that
    several reports hold (two studies at one schedule share its MLE start and their common
    rows) has every temperature any of them swept (`merged`). `mle_curves` lists the keys of
    MLE curves: each study's MLE, and the MLE starts rows trained for themselves
    (`start_sweep`; row `start_key(row)`), models of MLE alone too; `oracle` and
    `oracle_entropy` are the first report's reference curve (the oracle cooled) and the
    oracle's entropy rate (or None).
    """
    curves, mle_curves, oracle, entropy = {}, [], None, None
    for directory in report_dirs:
        path = os.path.join(directory, REPORT_FILE)
        if not os.path.exists(path):
            raise ValueError(f"{path} does not exist: run the study's table with its sweep first.")
        report = read_json(path)
        if "sweep" not in report:
            raise ValueError(f"{path} holds no sweep: run the study's table with --sweep.")
        schedule = report["schedule"]
        starts = {start_key(row): points for row, points in report.get("start_sweep", {}).items()}
        for row, points in [*report["sweep"].items(), *starts.items()]:
            key = (schedule, row)
            if key in curves:
                curves[key] = merged(curves[key], points)
                continue
            curves[key] = points
            if row == MLE or row in starts:
                mle_curves.append(key)
        oracle = oracle or report.get("oracle_reference")
        entropy = entropy or report.get("oracle_entropy")
    if not mle_curves:
        raise ValueError("No report holds an MLE sweep: the frontier needs one.")
    return curves, mle_curves, oracle, entropy


def merged(points, more):
    """One curve's sweep points from two reports: every temperature once, in order, the
    first report's point where both swept it (the same runs, scored again)."""
    by_temperature = {point["temperature"]: point for point in more}
    by_temperature.update({point["temperature"]: point for point in points})
    return [by_temperature[temperature] for temperature in sorted(by_temperature)]


def envelope(curves, references, diversity, quality_key="nll_oracle", diversity_key="nll_test"):
    """`(quality, reference)`: the lowest quality of the `references` curves at `diversity`,
    each interpolated linearly within its own range (no extrapolation); `(None, None)` when
    `diversity` lies outside every reference's range."""
    best = (None, None)
    for reference in references:
        value = statistics.quality_at(curves[reference], diversity, quality_key, diversity_key)
        if value is not None and (best[0] is None or value < best[0]):
            best = (value, reference)
    return best


def gaps_to_envelope(curves, references, quality_key="nll_oracle", diversity_key="nll_test"):
    """Each non-reference point's quality minus the MLE envelope's at its diversity.

    Returns `{key: [{"temperature", "gap", "reference"}, ...]}`; `gap` is None outside every
    MLE curve's range, and `reference` names the MLE curve that is lowest there.
    """
    gaps = {}
    for key, points in curves.items():
        if key in references:
            continue
        gaps[key] = []
        for point in points:
            value, reference = envelope(
                curves, references, point[diversity_key][0], quality_key, diversity_key
            )
            gap = None if value is None else point[quality_key][0] - value
            gaps[key].append(
                {"temperature": point["temperature"], "gap": gap, "reference": reference}
            )
    return gaps


# Styles: an adversarial row keeps its colour across schedules, a schedule its line and marker.
ROW_COLOURS = (
    *("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:brown", "tab:pink"),
    *("navy", "gold", "magenta", "teal", "lime"),  # None of the MLE curves' or the oracle's.
)
MLE_COLOURS = ("black", "tab:purple", "tab:olive", "tab:cyan", "darkgreen", "darkviolet")
SCHEDULE_STYLES = (("--", "o"), ("-.", "s"), (":", "^"), ((0, (5, 1)), "v"))


def curve_styles(keys, references):
    """Matplotlib style of each curve key: MLE curves solid and bold in their own colours;
    adversarial rows coloured by row and dashed and marked by schedule."""
    schedules = list(dict.fromkeys(schedule for schedule, _ in keys))
    rows = list(dict.fromkeys(row for schedule, row in keys if (schedule, row) not in references))
    styles = {}
    for key in keys:
        schedule, row = key
        if key in references:
            colour = MLE_COLOURS[references.index(key) % len(MLE_COLOURS)]
            styles[key] = dict(color=colour, linestyle="-", linewidth=2, marker="o")
        else:
            linestyle, marker = SCHEDULE_STYLES[schedules.index(schedule) % len(SCHEDULE_STYLES)]
            colour = ROW_COLOURS[rows.index(row) % len(ROW_COLOURS)]
            styles[key] = dict(color=colour, linestyle=linestyle, marker=marker)
    return styles


def plot_frontier(curves, references, oracle, path, label_of, oracle_entropy=None):
    """NLL-oracle against NLL-test: MLE curves solid and bold, adversarial rows coloured by
    row and dashed by schedule, the oracle itself cooled in gray; labels are temperatures.
    A second panel enlarges the corner of lowest NLL-test, where the best models crowd."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (axes, zoom) = plt.subplots(
        1, 2, figsize=(14, 7.5), gridspec_kw={"width_ratios": [1.2, 1]}
    )
    styles = curve_styles(list(curves), list(references))
    drawn = dict(curves)
    if oracle:
        drawn[ORACLE] = oracle
        styles[ORACLE] = dict(color="gray", linestyle=":", marker="o")
    for panel in (axes, zoom):
        for key, points in drawn.items():
            x = [point["nll_test"][0] for point in points]
            y = [point["nll_oracle"][0] for point in points]
            panel.errorbar(
                x,
                y,
                xerr=[point["nll_test"][1] for point in points],
                yerr=[point["nll_oracle"][1] for point in points],
                label="the oracle itself, cooled" if key == ORACLE else label_of(key),
                capsize=2,
                markersize=4,
                **styles[key],
            )
            for point, xi, yi in zip(points, x, y, strict=True):
                panel.annotate(f"{point['temperature']:g}", (xi, yi), fontsize=6)
        panel.set_xlabel("NLL-test (diversity; lower is better)")
        panel.set_ylabel("NLL-oracle (quality; lower is better)")
    if oracle_entropy:
        axes.axhline(oracle_entropy, color="gray", linewidth=0.8, linestyle="--")
        axes.annotate("oracle's entropy rate", (axes.get_xlim()[0], oracle_entropy), fontsize=7)
    limits = zoom_limits(curves)
    zoom.set_xlim(*limits)
    zoom.set_ylim(*zoom_quality_range(curves, limits))
    axes.set_title("The oracle's quality-diversity frontier (labels: temperature)", fontsize=10)
    zoom.set_title("Its corner of lowest NLL-test, enlarged", fontsize=10)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, fontsize=7, loc="lower center", ncol=3)
    legend_rows = -(-len(labels) // 3)  # Each takes ~2.2 % of the figure's height.
    figure.tight_layout(rect=(0, min(0.4, 0.04 + 0.022 * legend_rows), 1, 1))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    figure.savefig(path, dpi=120)


def zoom_limits(curves, width=0.22):
    """NLL-test range of the enlarged panel: from the curves' lowest NLL-test on."""
    lowest = min(point["nll_test"][0] for points in curves.values() for point in points)
    return lowest - 0.01, lowest + width


def zoom_quality_range(curves, limits, margin=0.05):
    """NLL-oracle range of the points inside the NLL-test `limits`, with a margin."""
    inside = [
        point["nll_oracle"][0]
        for points in curves.values()
        for point in points
        if limits[0] <= point["nll_test"][0] <= limits[1]
    ]
    return min(inside) - margin, max(inside) + margin


# === Labels ===

SCHEDULES = {
    "seqgan_budget": "budget schedule",
    "seqgan_budget_early": "budget schedule, early-stopped start",
    "seqgan_oracle": "paper schedule",
    "relgan_budget": "RelGAN's budget schedule, early-stopped start",
}


GENERATORS = {"relational_memory": "relational memory", "leakgan": "LeakGAN's generator"}


def mle_label(schedule):
    """What the MLE model of `schedule` is: its generator (unless SeqGAN's LSTM), and
    early-stopped or a fixed number of epochs."""
    from tf_hebbgan import config as config_lib

    config = config_lib.load_preset(schedule)
    generator = GENERATORS.get(config.generator_cell)
    name = f"MLE of the {generator}" if generator else "MLE"
    if config.mle_patience:
        return f"{name}, early-stopped ({config.mle_validation_size:,} held out)"
    return f"{name}, {config.mle_epochs} epochs"


def label(key, row_labels):
    """A curve's legend: the MLE model it is, or its row's label and schedule."""
    schedule, row = key
    if row == MLE:
        return mle_label(schedule)
    where = SCHEDULES.get(schedule, schedule)
    if row.startswith(START):
        name = row[len(START) :]
        return f"MLE start of {row_labels.get(name, name)} ({where})"
    return f"{row_labels.get(row, row)} ({where})"


def distinct_mle(curves, mle_curves):
    """`mle_curves` without those whose MLE model an earlier one already is (same label): a
    schedule that shares another's MLE pretraining sweeps the same model again. A row's own
    start is a model of its own."""
    kept, seen = [], set()
    for key in mle_curves:
        model = mle_label(key[0]) if key[1] == MLE else key
        if model not in seen:
            seen.add(model)
            kept.append(key)
    return {k: v for k, v in curves.items() if k not in mle_curves or k in kept}, kept
