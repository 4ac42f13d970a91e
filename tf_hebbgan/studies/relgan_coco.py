"""The Gumbel-softmax family on COCO image captions: BLEU-2..5 with self-BLEU-2..5.

The rows of the oracle study (`relgan_oracle`): RelGAN from the relational generator's
early-stopped MLE, its control without dropout, its plastic stateful output, and GSGAN.
"""

from tf_hebbgan.studies.hebbgan_coco import HEBBGAN_COCO
from tf_hebbgan.studies.relgan_oracle import RELGAN_ORACLE
from tf_hebbgan.studies.study import Study

RELGAN_COCO = Study(
    name="relgan_coco",
    rows=RELGAN_ORACLE.rows,
    base_recipe="relgan_oracle",
    metrics=HEBBGAN_COCO.metrics,
    control="relgan_no_dropout",
    scorer=HEBBGAN_COCO.scorer,
    schedule="relgan_coco_budget",
    reference_label="training captions",
)
