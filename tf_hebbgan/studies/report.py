"""A study table as text: the mean ± std table and the paired (seed-by-seed) table."""

from tf_hebbgan.studies import statistics
from tf_hebbgan.studies.row import BEST


def paired(table):
    """Seed-by-seed differences, the comparisons that a shared start makes possible.

    `from_start`: each adversarial row minus its own MLE start. `minus_control`: each row on
    the control's start minus the control, seed by seed: what the row adds beyond the
    control's one change. `minus_base`: each row with a `base` minus that row, on the same
    start (for `BEST`, the candidate its runs were made on): what its one addition changes.
    Each difference as `statistics.differences` gives it: mean ± std over seeds, and per seed.
    """
    study, results = table.study, table.results
    keys = study.keys[: study.paired_metrics]
    adversarial = [name for name in results if study.row(name).adversarial]
    pairs = {"from_start": {}, "minus_control": {}, "minus_base": {}}
    for name in adversarial:
        runs = results[name]
        starts = [dict(table.start_results(run), seed=run.get("seed")) for run in runs]
        pairs["from_start"][name] = statistics.differences(runs, starts, keys)
    control = results.get(study.control)
    if control:
        control_start = study.row(study.control).start_row
        for name in adversarial:
            if name != study.control and study.row(name).start_row == control_start:
                pairs["minus_control"][name] = statistics.differences(results[name], control, keys)
    for name in adversarial:
        base = study.row(name).base
        base = table.best_variants.get(name) if base == BEST else base
        if base in results:
            difference = statistics.differences(results[name], results[base], keys)
            pairs["minus_base"][name] = dict(difference, base=base)
    return pairs


def figure(mean_std, seeds, sign=""):
    """`mean ± std`, or the value alone from one seed (a std of 0 there would claim a spread)."""
    mean, std = mean_std
    return f"{mean:{sign}.3f}" + (f" ± {std:.3f}" if seeds > 1 else "")


def gaps_text(gaps, outside, value=lambda gap: f"{gap:+.3f}"):
    """`T=0.80: +0.012, T=0.90: outside, ...` for a row's gaps (`{"temperature", "gap"}`),
    `outside` where the gap is None and `value(gap)` elsewhere."""
    return ", ".join(
        f"T={gap['temperature']:.2f}: " + (outside if gap["gap"] is None else value(gap["gap"]))
        for gap in gaps
    )


def _pair_text(difference, keys):
    seeds = len(difference["per_seed"])
    return " / ".join(figure(difference[key], seeds, "+") for key in keys)


def _metric_header(study):
    return " / ".join(metric.label for metric in study.metrics[: study.paired_metrics])


def paired_markdown(table):
    """The `paired()` differences as a markdown table, one cell a metric pair."""
    study, keys = table.study, table.study.keys[: table.study.paired_metrics]
    pairs = paired(table)
    if not pairs["from_start"]:
        return ""
    with_base = bool(pairs["minus_base"])
    lines = [
        f"| paired by seed: {_metric_header(study)} | change from its MLE start "
        "| minus the control |" + (" minus the row it adds to |" if with_base else ""),
        "|---|---|---|" + ("---|" if with_base else ""),
    ]
    for row in study.rows:
        if row.name not in pairs["from_start"]:
            continue
        control = pairs["minus_control"].get(row.name)
        line = (
            f"| {row.label} | {_pair_text(pairs['from_start'][row.name], keys)} "
            f"| {_pair_text(control, keys) if control else '–'} |"
        )
        if with_base:
            base = pairs["minus_base"].get(row.name)
            line += f" {_pair_text(base, keys)} ({study.label(base['base'])}) |" if base else " – |"
        lines.append(line)
    return "\n".join(lines)


def markdown(table):
    """The table of every row read: each metric as mean ± std over the seeds."""
    study = table.study
    header = " | ".join(metric.label for metric in study.metrics)
    lines = [
        f"| method ({table.schedule}, seeds {','.join(map(str, table.seeds))}) | {header} |",
        "|---|" + "---|" * len(study.metrics),
    ]
    decided, _ = table.rule_choice() if table.best_variants else (None, [])
    for row in study.rows:
        if row.name not in table.results:
            continue
        summary = table.summary(row.name)
        label = row.label
        if row.name in table.best_variants:
            provisional = "" if decided else ", provisional"
            label += f" ({table.best_variants[row.name]}{provisional})"
        seeds = len(summary["per_seed"])
        cells = " | ".join(figure(summary[key], seeds) for key in study.keys)
        lines.append(f"| {label} | {cells} |")
    return "\n".join(lines)


def partial_text(table):
    """The rows left out because they finished at some of the table's seeds only, with the
    seeds they did finish: `""` if none."""
    if not table.partial:
        return ""
    rows = "; ".join(
        f"{table.study.label(name)} (seed{'s' if len(seeds) > 1 else ''} "
        f"{', '.join(map(str, seeds))})"
        for name, seeds in table.partial.items()
    )
    return f"Left out, finished at some of seeds {','.join(map(str, table.seeds))} only: {rows}."


def text(table):
    """Both tables, as the script prints them, and the rows left out as unfinished."""
    parts = (markdown(table), paired_markdown(table), partial_text(table))
    return "\n\n".join(part for part in parts if part)


def summary_report(table):
    """The report's JSON part for the rows: summaries, pairs and the best-candidate choice."""
    return {
        "study": table.study.name,
        "schedule": table.schedule,
        "seeds": table.seeds,
        "rows": {name: table.summary(name) for name in table.results},
        "partial_rows": table.partial,  # Left out: row -> the seeds it finished at.
        "paired": paired(table),
        "best_hebbgan": {
            "rule_choice": table.rule_choice()[0],
            "selection_seeds": table.selection_seeds,
            "rows": table.best_variants,
        },
    }
