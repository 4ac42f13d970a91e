"""The REINFORCE family on the SeqGAN oracle: SeqGAN, MaliGAN and RankGAN from the same MLE starts,
NLL-oracle / NLL-test, at SeqGAN's budget schedule (or, with `--schedule
seqgan_budget_early`, from MLE stopped early).

Rows: the untrained generator, MLE (the shared start), SeqGAN (the schedule itself), SeqGAN
without dropout (the control), MaliGAN (SeqGAN's recipe with MaliGAN's generator step),
RankGAN (SeqGAN's recipe with a ranker in the discriminator's place).
"""

from tf_hebbgan.studies.row import Row, seqgan_rows
from tf_hebbgan.studies.scores import run_scorer
from tf_hebbgan.studies.study import Metric, Study

REINFORCE_ORACLE = Study(
    name="reinforce_oracle",
    rows=(
        *seqgan_rows("seqgan_oracle", "seqgan_no_dropout"),
        Row("maligan", "MaliGAN", recipe="maligan_oracle", start="seqgan"),
        Row("rankgan", "RankGAN", recipe="rankgan_oracle", start="seqgan"),
    ),
    base_recipe="seqgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    control="seqgan",
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
)
