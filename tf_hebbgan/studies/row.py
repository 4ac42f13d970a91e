"""`Row`: one method of a study, as data: a recipe's variant, its start, what it adds to."""

import dataclasses

# What a row is made of.
TRAINED = "trained"  # A run of `experiment.train` in the row's own workdir.
UNTRAINED = "untrained"  # The seed's generator before any training: a floor for the table.
START = "start"  # The MLE generator another row's adversarial phase started from.

BEST = "best"  # As `Row.base`: the candidate row the study chose as best.


@dataclasses.dataclass(frozen=True)
class Row:
    """One method of a study's table.

    Args:
        name: the row's key (workdir and run-record directory).
        label: how the table prints it.
        kind: `TRAINED`, `UNTRAINED` or `START` (see above).
        recipe: the recipe whose variant fields (those in which it differs from the study's
            base recipe) the row adds to the study's schedule; `None`: the schedule alone.
        on_best: the row also takes the variant fields of the study's best candidate row,
            as "best HebbGAN + moment matching" does.
        overrides: further `(field, value)` pairs on top of everything else.
        start: the row whose MLE generator this row's adversarial phase starts from; `None`
            for a row that pretrains its own (so other rows can share it). For a `START` row,
            the row whose run holds that start.
        base: the row this one adds one thing to, from the same start, for the paired
            table (`BEST` for the chosen candidate); `None`: no such pairing.
        schedule_row: the row is the schedule preset itself: its workdir is named after the
            schedule, so that a plain `hebbgan train --preset SCHEDULE` run is the same run.
    """

    name: str
    label: str
    kind: str = TRAINED
    recipe: str | None = None
    on_best: bool = False
    overrides: tuple = ()
    start: str | None = None
    base: str | None = None
    schedule_row: bool = False

    def __post_init__(self):
        if self.kind not in (TRAINED, UNTRAINED, START):
            raise ValueError(f"Row {self.name}: unknown kind {self.kind!r}.")
        if self.kind == START and not self.start:
            raise ValueError(f"Row {self.name}: a start row names the row that holds it.")

    @property
    def adversarial(self):
        """Whether the row is a run that starts from (or makes) an MLE generator."""
        return self.kind == TRAINED

    @property
    def start_row(self):
        """The row whose MLE generator this row's runs start from (itself if it pretrains)."""
        return self.start or self.name

    @property
    def pretrains(self):
        """Whether the row's runs pretrain the MLE generator that other rows start from."""
        return self.kind == TRAINED and self.start is None


def seqgan_rows(seqgan_recipe, control_recipe):
    """The rows every SeqGAN-family study starts with: the untrained generator, MLE (the
    SeqGAN row's start), SeqGAN (the schedule itself) and SeqGAN without dropout (the control
    for HebbGAN recipes, which drop dropout as the paper does)."""
    return (
        Row("random", "Random generator (untrained)", kind=UNTRAINED),
        Row("mle", "MLE", kind=START, start="seqgan"),
        Row("seqgan", "SeqGAN", recipe=seqgan_recipe, schedule_row=True),
        Row(
            "seqgan_no_dropout",
            "SeqGAN, no dropout (control)",
            recipe=control_recipe,
            start="seqgan",
        ),
    )
