"""The oracle table from the strongest MLE baseline: every row starts from early-stopped MLE.

Its schedule, `seqgan_budget_early`, is the budget schedule with MLE stopped at the epoch of
lowest NLL on 1,000 held-out training sequences. Rows: the untrained generator, that MLE
model, SeqGAN, the control without dropout and the best HebbGAN of the budget study (output
layer, stateful trace), all from the same early-stopped start per seed: does adversarial
training still move the quality-diversity frontier from a good start?
"""

from tf_hebbgan.studies.row import Row, seqgan_rows
from tf_hebbgan.studies.scores import run_scorer
from tf_hebbgan.studies.study import Metric, Study

EARLY_STOPPED_ORACLE = Study(
    name="early_stopped_oracle",
    rows=(
        *seqgan_rows("seqgan_oracle", "seqgan_no_dropout"),
        Row(
            "hebbgan_output_stateful",
            "HebbGAN output / stateful trace",
            recipe="hebbgan_output_stateful",
            start="seqgan",
        ),
    ),
    base_recipe="seqgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    control="seqgan_no_dropout",
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
    schedule="seqgan_budget_early",
)
