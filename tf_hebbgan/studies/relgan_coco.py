"""The Gumbel-softmax family on COCO image captions: BLEU-2..5 with self-BLEU-2..5.

The rows of the oracle study (`relgan_oracle`): RelGAN from the relational generator's
early-stopped MLE, its control without dropout, its plastic stateful output, and GSGAN.
"""

from tf_hebbgan.studies.hebbgan_coco import coco_study
from tf_hebbgan.studies.relgan_oracle import RELGAN_ORACLE

RELGAN_COCO = coco_study(
    "relgan_coco",
    rows=RELGAN_ORACLE.rows,
    base_recipe="relgan_oracle",
    control="relgan_no_dropout",
    schedule="relgan_coco_budget",
)
