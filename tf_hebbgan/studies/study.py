"""`Study`: a table of rows run over seeds from shared starts, and the metrics it reports."""

import dataclasses

from tf_hebbgan import config as config_lib
from tf_hebbgan.studies.row import BEST, START, TRAINED


@dataclasses.dataclass(frozen=True)
class Metric:
    """A figure of every run: its key in `results.json`, its label, and its direction."""

    key: str
    label: str
    lower_is_better: bool = True


@dataclasses.dataclass(frozen=True)
class Study:
    """What a results table is: its rows, the recipe they vary, and the metrics they report.

    A study runs every row of `rows` at one schedule (a recipe giving the training budget)
    for several seeds; a seed's rows start from the same MLE generator, so they are also
    compared seed by seed. The first metric is the quality, the second the diversity
    measure; the sweep plots one against the other.

    Args:
        name: the study's name.
        rows: the table, in print order; a row comes after the rows it depends on.
        base_recipe: the recipe every row's `recipe` is compared with to find its variant
            fields (what makes the variant).
        metrics: the reported `Metric`s, quality first, diversity second.
        candidates: the rows among which the best is chosen, for rows with `on_best`.
        control: the row each row on the plain start is compared with, seed by seed.
        collapse_key: a run's figure below which the quality metric means collapse, not
            quality (the oracle's own NLL-test: its entropy rate); such a candidate is not
            chosen as best.
        scorer: `scorer(generator, config, seed)` gives a function of the temperature that
            returns every metric of `generator` (`None`: the reference model itself, such as
            the oracle); the untrained row and the temperature sweep use it.
        schedule: the preset giving every row's training budget, unless a table names one.
        reference_label: what the scorer's reference (a `None` generator) is, for the sweep.
        paired_metrics: how many of the metrics, from the first, the paired table shows.

    Example:

    ```python
    from tf_hebbgan.studies.row import Row

    study = Study(
        "demo",
        rows=(Row("seqgan", "SeqGAN", recipe="seqgan_oracle"),),
        base_recipe="seqgan_oracle",
        metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    )
    config = study.row_config("seqgan", "seqgan_tiny", seed=0, workdir_of=lambda row: "")
    ```
    """

    name: str
    rows: tuple
    base_recipe: str
    metrics: tuple
    candidates: tuple = ()
    control: str | None = None
    collapse_key: str | None = None
    scorer: object = None
    schedule: str = "seqgan_budget"
    reference_label: str = "oracle itself"
    paired_metrics: int = 2

    def __post_init__(self):
        names = [row.name for row in self.rows]
        if len(set(names)) != len(names):
            raise ValueError(f"Study {self.name}: row names repeat: {names}.")
        for row in self.rows:
            for other in (row.start, row.base):
                if other and other != BEST and other not in names:
                    raise ValueError(f"Study {self.name}: row {row.name} names {other!r}.")
        unknown = set(self.candidates) - set(names)
        if unknown:
            raise ValueError(f"Study {self.name}: unknown candidates {sorted(unknown)}.")

    @property
    def row_names(self):
        return tuple(row.name for row in self.rows)

    def row(self, name):
        """The `Row` called `name`, or a ValueError listing the study's rows."""
        for row in self.rows:
            if row.name == name:
                return row
        raise ValueError(f"Unknown row {name!r}; choose from {', '.join(self.row_names)}.")

    def label(self, name):
        """A row's label, or `name` itself for what is no row (a sweep's reference curve)."""
        return next((row.label for row in self.rows if row.name == name), name)

    @property
    def keys(self):
        return tuple(metric.key for metric in self.metrics)

    @property
    def lower_is_better(self):
        return tuple(metric.lower_is_better for metric in self.metrics)

    @property
    def quality(self):
        return self.metrics[0]

    @property
    def diversity(self):
        return self.metrics[1]

    def run_row(self, name):
        """The row whose runs hold `name`'s figures: a start row reads its holder's runs."""
        row = self.row(name)
        return row.start if row.kind == START else name

    def variant_fields(self, recipe):
        """The fields in which `recipe` differs from the base recipe: what makes the variant."""
        base = config_lib.load_preset(self.base_recipe).to_dict()
        variant = config_lib.load_preset(recipe).to_dict()
        return {k: v for k, v in variant.items() if k != "preset" and v != base[k]}

    def candidate_of(self, config):
        """The candidate row whose variant fields `config` (a dict) has, or None."""
        rows = [
            name
            for name in self.candidates
            if all(
                config.get(field) == value
                for field, value in self.variant_fields(self.row(name).recipe).items()
            )
        ]
        return rows[0] if len(rows) == 1 else None

    def row_config(self, name, schedule, seed, workdir_of, best=None):
        """The `Config` of row `name` at `schedule` for `seed`.

        `workdir_of(row)` gives a row's workdir for this seed (where the start is copied
        from); `best` is the chosen candidate, needed by rows with `on_best`.
        """
        row = self.row(name)
        if row.kind != TRAINED:
            raise ValueError(f"Row {name} is not trained; it has no config of its own.")
        overrides = {}
        if row.on_best:
            if not best:
                raise ValueError(f"Row {name} needs the best candidate row first.")
            overrides.update(self.variant_fields(self.row(best).recipe))
        if row.recipe:
            overrides.update(self.variant_fields(row.recipe))
        overrides.update(dict(row.overrides))
        config = dataclasses.replace(config_lib.load_preset(schedule), **overrides, seed=seed)
        if config.precision == "auto":  # A recorded row must not depend on the machine.
            config.precision = "float32"
        # The schedule row is the schedule preset itself (so its runs can be made by hand too).
        config.preset = schedule if row.schedule_row else f"{schedule}+{name}"
        config.pretrained_workdir = workdir_of(row.start) if row.start else ""
        return config
