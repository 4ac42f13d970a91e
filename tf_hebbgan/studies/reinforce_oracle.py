"""The REINFORCE family on the SeqGAN oracle: SeqGAN, MaliGAN and RankGAN from the same MLE
starts and LeakGAN from its own, NLL-oracle / NLL-test, at SeqGAN's budget schedule (or, with
`--schedule seqgan_budget_early`, from MLE stopped early).

Rows: the untrained generator, MLE (the shared start), SeqGAN (the schedule itself), SeqGAN
without dropout (the control), MaliGAN (SeqGAN's recipe with MaliGAN's generator step),
RankGAN (SeqGAN's recipe with a ranker in the discriminator's place), LeakGAN (its own
generator, pretrained by its own MLE of 80 epochs, then the schedule's counts).
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
        # leakgan_budget: leakgan_oracle's 800 epochs would override the schedule's count.
        Row("leakgan", "LeakGAN (own MLE)", recipe="leakgan_budget"),
    ),
    base_recipe="seqgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    control="seqgan",
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
)
