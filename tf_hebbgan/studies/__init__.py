"""Studies: a table of rows (recipe + overrides + start row) x seeds -> record, tables, sweeps.

A `Study` is data (its `Row`s and `Metric`s); a `StudyTable` runs and reads it at one
schedule for some seeds, keeping every finished run in a `RunRecord`; `report` prints it,
`statistics` holds the pure functions (mean ± std, paired differences, the best-row rule, the
gap at equal diversity) and `sweep` the temperature sweep and its plot; `frontier` sets
several studies' sweeps against the best MLE curve and `curves` reads training curves from a
run's TensorBoard events. This module imports no TensorFlow; running a row does.
"""

from tf_hebbgan.studies.early_stopped_oracle import EARLY_STOPPED_ORACLE
from tf_hebbgan.studies.hebbgan_coco import HEBBGAN_COCO
from tf_hebbgan.studies.hebbgan_oracle import HEBBGAN_ORACLE
from tf_hebbgan.studies.precision_oracle import PRECISION_ORACLE
from tf_hebbgan.studies.reinforce_coco import REINFORCE_COCO
from tf_hebbgan.studies.reinforce_oracle import REINFORCE_ORACLE
from tf_hebbgan.studies.relgan_coco import RELGAN_COCO
from tf_hebbgan.studies.relgan_oracle import RELGAN_ORACLE
from tf_hebbgan.studies.row import Row
from tf_hebbgan.studies.run_record import RunRecord
from tf_hebbgan.studies.study import Metric, Study
from tf_hebbgan.studies.study_table import StudyTable

STUDIES = {
    study.name: study
    for study in (
        HEBBGAN_ORACLE,
        HEBBGAN_COCO,
        PRECISION_ORACLE,
        EARLY_STOPPED_ORACLE,
        RELGAN_ORACLE,
        REINFORCE_ORACLE,
        RELGAN_COCO,
        REINFORCE_COCO,
    )
}


def row_labels():
    """`{row name: label}` over every study (a name's first study gives its label)."""
    labels = {}
    for study in STUDIES.values():
        for row in study.rows:
            labels.setdefault(row.name, row.label)
    return labels


def schedule_rows():
    """Names of the rows that are a schedule preset itself (their workdir is named after the
    schedule, `WORKDIR/<schedule>/seed_N`), over every study."""
    return {row.name for study in STUDIES.values() for row in study.rows if row.schedule_row}


__all__ = [
    "EARLY_STOPPED_ORACLE",
    "HEBBGAN_COCO",
    "HEBBGAN_ORACLE",
    "PRECISION_ORACLE",
    "REINFORCE_COCO",
    "REINFORCE_ORACLE",
    "RELGAN_COCO",
    "RELGAN_ORACLE",
    "STUDIES",
    "Metric",
    "Row",
    "RunRecord",
    "Study",
    "StudyTable",
    "row_labels",
    "schedule_rows",
]
