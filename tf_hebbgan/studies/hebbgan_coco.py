"""The text benchmark: SeqGAN, its control and the best HebbGAN on COCO image captions.

Quality is BLEU-5 against the 10,000 test captions (higher is better), diversity is
self-BLEU-5 among the generated captions (lower is better; each against the others), with
BLEU-2..4, self-BLEU-2..4 and NLL-test beside them. The HebbGAN row is the oracle study's
best HebbGAN (output layer, stateful trace). Every row starts from the SeqGAN row's MLE
generator, as in the oracle study.
"""

from tf_hebbgan.studies.row import Row, seqgan_rows
from tf_hebbgan.studies.scores import run_scorer
from tf_hebbgan.studies.study import Metric, Study

COCO_METRICS = (
    Metric("bleu_5", "BLEU-5", lower_is_better=False),
    Metric("self_bleu_5", "self-BLEU-5"),
    Metric("bleu_2", "BLEU-2", lower_is_better=False),
    Metric("bleu_3", "BLEU-3", lower_is_better=False),
    Metric("bleu_4", "BLEU-4", lower_is_better=False),
    Metric("self_bleu_2", "self-BLEU-2"),
    Metric("self_bleu_3", "self-BLEU-3"),
    Metric("self_bleu_4", "self-BLEU-4"),
    Metric("nll_test", "NLL-test"),
)


def coco_study(name, rows, base_recipe, control, schedule):
    """A study on COCO captions: the metrics above, scored against the training captions."""
    scoring = dict(metrics=COCO_METRICS, scorer=run_scorer, reference_label="training captions")
    return Study(name, rows, base_recipe, control=control, schedule=schedule, **scoring)


HEBBGAN_COCO = coco_study(
    "hebbgan_coco",
    rows=(
        *seqgan_rows("seqgan_coco", "seqgan_coco_no_dropout"),
        Row(
            "hebbgan_output_stateful",
            "HebbGAN output / stateful trace",
            recipe="hebbgan_coco",
            start="seqgan",
        ),
    ),
    base_recipe="seqgan_coco",
    control="seqgan_no_dropout",
    schedule="seqgan_coco",
)
