"""The REINFORCE family on COCO image captions: BLEU-2..5 with self-BLEU-2..5.

The rows of the oracle study (`reinforce_oracle`) at `seqgan_coco`'s budget: SeqGAN and its
control, MaliGAN and RankGAN from SeqGAN's COCO MLE start, and LeakGAN from its own.
"""

from tf_hebbgan.studies.hebbgan_coco import HEBBGAN_COCO
from tf_hebbgan.studies.row import Row, seqgan_rows
from tf_hebbgan.studies.study import Study

REINFORCE_COCO = Study(
    name="reinforce_coco",
    rows=(
        *seqgan_rows("seqgan_coco", "seqgan_coco_no_dropout"),
        Row("maligan", "MaliGAN", recipe="maligan_coco", start="seqgan"),
        Row("rankgan", "RankGAN", recipe="rankgan_coco", start="seqgan"),
        Row("leakgan", "LeakGAN (own MLE)", recipe="leakgan_coco"),
    ),
    base_recipe="seqgan_coco",
    metrics=HEBBGAN_COCO.metrics,
    control="seqgan",
    scorer=HEBBGAN_COCO.scorer,
    schedule="seqgan_coco",
    reference_label="training captions",
)
