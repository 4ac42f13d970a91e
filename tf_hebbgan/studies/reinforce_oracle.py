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


def reinforce_rows(seqgan, control, maligan, rankgan, leakgan):
    """SeqGAN's rows (on the recipes `seqgan` and `control`), then MaliGAN and RankGAN from
    SeqGAN's start and LeakGAN from its own MLE, each on its recipe."""
    return (
        *seqgan_rows(seqgan, control),
        Row("maligan", "MaliGAN", recipe=maligan, start="seqgan"),
        Row("rankgan", "RankGAN", recipe=rankgan, start="seqgan"),
        Row("leakgan", "LeakGAN (own MLE)", recipe=leakgan),
    )


REINFORCE_ORACLE = Study(
    name="reinforce_oracle",
    # leakgan_budget: leakgan_oracle's 800 epochs would override the schedule's count.
    rows=reinforce_rows(
        "seqgan_oracle", "seqgan_no_dropout", "maligan_oracle", "rankgan_oracle", "leakgan_budget"
    ),
    base_recipe="seqgan_oracle",
    metrics=(Metric("nll_oracle", "NLL-oracle"), Metric("nll_test", "NLL-test")),
    control="seqgan",
    collapse_key="oracle_nll_test",
    scorer=run_scorer,
)
