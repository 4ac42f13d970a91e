"""The Gumbel-softmax family on the SeqGAN oracle: RelGAN, its controls and GSGAN, NLL-oracle /
NLL-test, at the budget schedule from early-stopped MLE.

Rows: the untrained generator; MLE of the relational generator stopped early on held-out
training sequences (RelGAN's start); RelGAN (the schedule itself); RelGAN without dropout (the
control of the plastic row, which drops dropout as the HebbGAN rows do); RelGAN with a plastic,
stateful discriminator output; GSGAN (SeqGAN's LSTM generator with its own early-stopped MLE).
"""

from tf_hebbgan.studies.row import START, UNTRAINED, Row
from tf_hebbgan.studies.scores import run_scorer
from tf_hebbgan.studies.study import Metric, Study

RELGAN_ORACLE = Study(
    name="relgan_oracle",
    rows=(
        Row("random", "Random generator (untrained)", kind=UNTRAINED),
        Row("mle", "MLE, relational memory, stopped early", kind=START, start="relgan"),
        Row("relgan", "RelGAN (100)", recipe="relgan_oracle", schedule_row=True),
        Row(
            "relgan_no_dropout",
            "RelGAN, no dropout (control)",
            recipe="relgan_no_dropout",
            start="relgan",
        ),
        Row(
            "hebbgan_relgan_output_stateful",
            "RelGAN, plastic output / stateful trace",
            recipe="hebbgan_relgan_output_stateful",
            start="relgan",
        ),
        Row("gsgan", "GSGAN (LSTM generator)", recipe="gsgan_oracle"),
    ),
    base_recipe="relgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    control="relgan_no_dropout",
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
    schedule="relgan_budget",
)
