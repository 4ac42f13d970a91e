"""SeqGAN on the oracle in bfloat16 beside the recorded float32 row: does the precision matter?

The `seqgan` row is the HebbGAN oracle study's (same schedule, same starts, read from the
record); `seqgan_bf16` reruns it with the discriminator in `mixed_bfloat16` from the same MLE
generators, and the paired table prints its per-seed difference from the float32 row. The
yardstick is the spread that a change of random streams alone makes on the same starts
(0.025-0.037 NLL-oracle, BUILD_NOTES "Reproducibility").
"""

from tf_hebbgan.studies.row import Row, seqgan_rows
from tf_hebbgan.studies.scores import run_scorer
from tf_hebbgan.studies.study import Metric, Study

PRECISION_ORACLE = Study(
    name="precision_oracle",
    rows=(
        *seqgan_rows("seqgan_oracle", "seqgan_no_dropout")[:3],  # random, MLE, SeqGAN.
        Row(
            "seqgan_bf16",
            "SeqGAN, discriminator in mixed_bfloat16",
            overrides=(("precision", "mixed_bfloat16"),),
            start="seqgan",
            base="seqgan",
        ),
    ),
    base_recipe="seqgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
)
