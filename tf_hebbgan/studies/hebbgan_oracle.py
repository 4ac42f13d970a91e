"""The HebbGAN table on the SeqGAN oracle: every method at one schedule, NLL-oracle / NLL-test.

Rows: the untrained generator, MLE, SeqGAN, SeqGAN without dropout (the control: every HebbGAN
recipe drops dropout as the paper does, so against it plasticity is the only difference), the
three HebbGAN discriminators, the best HebbGAN with moment matching, SeqGAN with the plastic
generator, and the best HebbGAN with the plastic generator. "Best HebbGAN" is the candidate
row with the lowest mean NLL-oracle + NLL-test among those not below the oracle's own
entropy rate (`statistics.best_row`). Each row but the plastic-generator ones starts from the
SeqGAN row's MLE generator; those two start from the plastic generator's own pretraining.
"""

from tf_hebbgan.studies.row import BEST, Row, seqgan_rows
from tf_hebbgan.studies.scores import run_scorer
from tf_hebbgan.studies.study import Metric, Study

MOMENT_WEIGHT = 0.1  # "Using Moments to Stabilize GAN Learning" scales the term by 0.1.

HEBBGAN_ORACLE = Study(
    name="hebbgan_oracle",
    rows=(
        *seqgan_rows("seqgan_oracle", "seqgan_no_dropout"),
        Row(
            "hebbgan_output_sequence",
            "HebbGAN output / sequence trace",
            recipe="hebbgan_output_sequence",
            start="seqgan",
        ),
        Row(
            "hebbgan_output_stateful",
            "HebbGAN output / stateful trace",
            recipe="hebbgan_output_stateful",
            start="seqgan",
        ),
        Row("hebbgan_highway", "HebbGAN highway", recipe="hebbgan_highway", start="seqgan"),
        Row(
            "best_hebbgan_moments",
            "best HebbGAN + moment matching",
            on_best=True,
            overrides=(("moment_weight", MOMENT_WEIGHT),),
            start="seqgan",
            base=BEST,
        ),
        Row(
            "seqgan_plastic_generator",
            "SeqGAN + plastic generator",
            recipe="seqgan_plastic_generator",
        ),
        Row(
            "best_hebbgan_plastic_generator",
            "best HebbGAN + plastic generator",
            recipe="seqgan_plastic_generator",
            on_best=True,
            start="seqgan_plastic_generator",
            base="seqgan_plastic_generator",
        ),
    ),
    base_recipe="seqgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    candidates=("hebbgan_output_sequence", "hebbgan_output_stateful", "hebbgan_highway"),
    control="seqgan_no_dropout",
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
)
