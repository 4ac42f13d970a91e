"""The study's statistics as pure functions: mean ± std, paired differences, best row, gaps.

A run is a dict of figures (its `results.json`); `keys` name the metrics to use. Standard
deviations are sample standard deviations (ddof = 1), 0 for a single value.
"""

import math

import numpy as np


def mean_std(values):
    """`(mean, sample std)` of `values`; the std of one value is 0."""
    values = np.asarray(values, dtype=float)
    std = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    return float(values.mean()), std


def selection_score(means, lower_is_better):
    """One number to rank rows by, lower is better: the metrics' means added, a metric where
    higher is better counted negatively. For NLL-oracle and NLL-test (nats per token, both
    lower is better) it weighs quality and diversity equally."""
    return float(
        sum(mean if lower else -mean for mean, lower in zip(means, lower_is_better, strict=True))
    )


def summarize(runs, keys, lower_is_better=None):
    """Mean ± std over seeds of each metric, their selection score, and the per-seed values.

    Returns `{key: (mean, std), ..., "quality_plus_diversity": score, "per_seed": [[...]]}`.
    """
    lower_is_better = lower_is_better or [True] * len(keys)
    summary = {key: mean_std([run[key] for run in runs]) for key in keys}
    summary["quality_plus_diversity"] = selection_score(
        [summary[key][0] for key in keys], lower_is_better
    )
    summary["per_seed"] = [[run[key] for key in keys] for run in runs]
    return summary


def differences(runs, references, keys):
    """Seed by seed, `runs` minus `references` (one run per seed each, in the same order).

    Returns `{key: (mean, std) of the differences, "per_seed": [[...]]}`. Runs that carry
    their seeds must be of the same seeds, in order; a ValueError says otherwise.
    """
    seeds = [run.get("seed") for run in runs], [run.get("seed") for run in references]
    if None not in seeds[0] + seeds[1] and seeds[0] != seeds[1]:
        raise ValueError(f"Cannot pair runs of seeds {seeds[0]} with runs of seeds {seeds[1]}.")
    per_seed = [
        [run[key] - reference[key] for key in keys]
        for run, reference in zip(runs, references, strict=True)
    ]
    result = {
        key: mean_std([values[index] for values in per_seed]) for index, key in enumerate(keys)
    }
    result["per_seed"] = per_seed
    return result


def best_row(summaries, quality_key, floor=None):
    """The row of lowest selection score among those whose mean quality is not below `floor`.

    `summaries` maps rows to `summarize()` results. A quality below the floor (for NLL-oracle,
    the oracle's own entropy rate) is collapse, not quality; if every row is below it, the
    floor is ignored.
    """
    healthy = [
        row
        for row, summary in summaries.items()
        if floor is None or summary[quality_key][0] >= floor
    ]
    return min(healthy or summaries, key=lambda row: summaries[row]["quality_plus_diversity"])


def gap_at_equal_diversity(
    curves, quality_key="nll_oracle", diversity_key="nll_test", reference="mle"
):
    """Each non-reference sweep point's quality minus the reference curve's at equal diversity.

    `curves` maps a row to its points, each `{"temperature": T, quality_key: (mean, std),
    diversity_key: (mean, std)}`. The reference's quality at a point's diversity is
    interpolated linearly between its two nearest points; a point outside the reference's
    diversity range gets None (no extrapolation). For NLL-oracle a negative gap means better
    quality than MLE at the same diversity: more than a change of temperature gives.
    """
    gaps = {}
    for row, points in curves.items():
        if row == reference:
            continue
        gaps[row] = []
        for point in points:
            value = quality_at(
                curves[reference], point[diversity_key][0], quality_key, diversity_key
            )
            gap = None if value is None else point[quality_key][0] - value
            gaps[row].append({"temperature": point["temperature"], "gap": gap})
    return gaps


def paired_gap_at_equal_diversity(
    row_points, start_points, quality_key="nll_oracle", diversity_key="nll_test"
):
    """Seed by seed, each point of a row's curve minus its own MLE start's curve of the same
    seed at equal diversity: whether the row left the curve its start could reach by
    temperature alone, with the seeds' spread.

    `row_points` and `start_points` hold one curve per seed, in the same seed order, each a
    list of points as in `gap_at_equal_diversity`. Returns one entry per temperature of the
    row: `{"temperature": T, "gap": (mean, std) over seeds, "per_seed": [...]}`, the gap None
    where a seed's point lies outside its start's diversity range.
    """
    if len(row_points) != len(start_points):
        raise ValueError(f"Cannot pair {len(row_points)} seeds with {len(start_points)}.")
    gaps = []
    for index, point in enumerate(row_points[0] if row_points else []):
        per_seed = []
        for seed_points, seed_start in zip(row_points, start_points, strict=True):
            mine = seed_points[index]
            value = quality_at(seed_start, mine[diversity_key][0], quality_key, diversity_key)
            per_seed.append(None if value is None else mine[quality_key][0] - value)
        inside = None not in per_seed
        gaps.append(
            {
                "temperature": point["temperature"],
                "gap": mean_std(per_seed) if inside else None,
                "per_seed": per_seed,
            }
        )
    return gaps


def quality_at(points, diversity, quality_key="nll_oracle", diversity_key="nll_test"):
    """A sweep curve's mean quality at `diversity`, interpolated linearly between its two
    nearest points; None outside the curve's diversity range (no extrapolation)."""
    pairs = sorted((point[diversity_key][0], point[quality_key][0]) for point in points)
    diversities, qualities = zip(*pairs, strict=True)
    if not diversities[0] <= diversity <= diversities[-1]:
        return None
    return float(np.interp(diversity, diversities, qualities))


def first_epoch_below(values, threshold):
    """The first epoch (1-based) whose value lies below `threshold`, or None if none does.

    `values` are one per epoch, in order; a missing one (None or NaN: not evaluated that
    epoch) never counts. `first_epoch_below([2.4, None, 1.9, 1.4], 1.5) == 4`.
    """
    for epoch, value in enumerate(values, start=1):
        if value is not None and not math.isnan(value) and value < threshold:
            return epoch
    return None
