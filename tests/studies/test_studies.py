"""Every registered study: each trained row's config at the study's schedule is valid."""

import pytest

from tf_hebbgan.studies import STUDIES
from tf_hebbgan.studies.row import TRAINED


@pytest.mark.parametrize("name", sorted(STUDIES))
def test_every_trained_row_has_a_valid_config_at_the_study_schedule(name):
    study = STUDIES[name]
    best = study.candidates[0] if study.candidates else None
    for row in study.rows:
        if row.kind != TRAINED:
            continue
        config = study.row_config(
            row.name, study.schedule, 3, lambda start: f"runs/{start}/seed_3", best
        )
        config.validate()  # Raises on any inconsistent field.
        assert config.seed == 3
        assert config.pretrained_workdir == (f"runs/{row.start}/seed_3" if row.start else "")


def trained_configs(name):
    """Each trained row's config at the study's schedule, seed 0, starts named by their row."""
    study = STUDIES[name]
    return {
        row.name: study.row_config(row.name, study.schedule, 0, lambda start: start, None)
        for row in study.rows
        if row.kind == TRAINED
    }


def test_reinforce_coco_runs_each_method_on_coco():
    configs = trained_configs("reinforce_coco")
    coco = configs["seqgan"]
    assert coco.preset == "seqgan_coco" and coco.gan == "seqgan"
    assert {name: config.gan for name, config in configs.items()} == {
        "seqgan": "seqgan",
        "seqgan_no_dropout": "seqgan",
        "maligan": "maligan",
        "rankgan": "rankgan",
        "leakgan": "leakgan",
    }
    for config in configs.values():
        assert (config.data, config.test_data, config.tokenizer) == (
            coco.data,
            coco.test_data,
            coco.tokenizer,
        )
        assert config.adversarial_epochs == coco.adversarial_epochs
    assert configs["leakgan"].leak_refresh_every > 0


def test_relgan_coco_runs_the_gumbel_rows_on_coco_from_their_starts():
    configs = trained_configs("relgan_coco")
    relgan = configs["relgan"]
    assert relgan.preset == "relgan_coco_budget" and relgan.tokenizer == "nltk"
    assert {name: config.generator_cell for name, config in configs.items()} == {
        "relgan": "relational_memory",
        "relgan_no_dropout": "relational_memory",
        "hebbgan_relgan_output_stateful": "relational_memory",
        "gsgan": "lstm",
    }
    for name, config in configs.items():
        assert config.gan == "relgan", name
        assert (config.data, config.test_data) == (relgan.data, relgan.test_data), name
        assert config.adversarial_epochs == relgan.adversarial_epochs, name
    # The control and the plastic row start from RelGAN's own early-stopped MLE, GSGAN from
    # its LSTM's.
    assert configs["relgan_no_dropout"].pretrained_workdir == "relgan"
    assert configs["hebbgan_relgan_output_stateful"].pretrained_workdir == "relgan"
    assert not configs["gsgan"].pretrained_workdir and not relgan.pretrained_workdir
    assert configs["relgan_no_dropout"].discriminator_dropout == 0.0 < relgan.discriminator_dropout
