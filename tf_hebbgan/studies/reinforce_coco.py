"""The REINFORCE family on COCO image captions: BLEU-2..5 with self-BLEU-2..5.

The rows of the oracle study (`reinforce_oracle`) at `seqgan_coco`'s budget: SeqGAN and its
control, MaliGAN and RankGAN from SeqGAN's COCO MLE start, and LeakGAN from its own.
"""

from tf_hebbgan.studies.hebbgan_coco import coco_study
from tf_hebbgan.studies.reinforce_oracle import reinforce_rows

REINFORCE_COCO = coco_study(
    "reinforce_coco",
    rows=reinforce_rows(
        "seqgan_coco", "seqgan_coco_no_dropout", "maligan_coco", "rankgan_coco", "leakgan_coco"
    ),
    base_recipe="seqgan_coco",
    control="seqgan",
    schedule="seqgan_coco",
)
