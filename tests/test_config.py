"""Recipes, overrides and their errors."""

import pytest

from tf_hebbgan.config import (
    Config,
    apply_overrides,
    available_presets,
    load_preset,
    preset_description,
)


def test_presets_load_and_build_on_each_other():
    assert {"mle_oracle", "mle_oracle_short", "tiny"} <= set(available_presets())
    full = load_preset("mle_oracle")
    assert (full.mle_epochs, full.batch_size, full.mle_learning_rate) == (120, 64, 0.01)
    short = load_preset("mle_oracle_short")
    assert short.preset == "mle_oracle_short" and short.mle_epochs < full.mle_epochs


def test_overrides_are_typed():
    config = apply_overrides(Config(), ["mle_epochs=3", "grad_clip=2.5", "jit_compile=false"])
    assert (config.mle_epochs, config.grad_clip, config.jit_compile) == (3, 2.5, False)
    assert Config().mle_epochs == 120  # The original is not changed.


@pytest.mark.parametrize(
    "override,message",
    [
        ("mle_epoch=3", "Unknown config field 'mle_epoch'. Did you mean 'mle_epochs'"),
        ("mle_epochs=three", "Bad value for mle_epochs"),
        ("jit_compile=maybe", "not a boolean"),
        ("batch_size=0", "batch_size must be positive"),
        ("mle_epochs", "field=value"),
    ],
)
def test_bad_overrides_name_the_problem(override, message):
    with pytest.raises(ValueError, match=message):
        apply_overrides(Config(), [override])


def test_unknown_preset_lists_the_known_ones():
    with pytest.raises(ValueError, match="Unknown preset 'nope'. Available presets: .*tiny"):
        load_preset("nope")
    with pytest.raises(ValueError, match="Bad preset name"):
        load_preset("../etc")


def test_every_preset_is_listed_by_a_whole_summary(tmp_path, monkeypatch):
    for name in available_presets():  # `hebbgan presets` shows each as one whole sentence.
        summary = preset_description(name)
        assert summary.endswith((".", ")")) and len(summary) <= 100, (name, summary)
    # A user's recipe whose summary wraps is listed whole, not cut at the line's end.
    from tf_hebbgan import config as config_lib

    (tmp_path / "mine.py").write_text('"""A summary that\nwraps.\n\nMore."""\n')
    monkeypatch.setattr(config_lib, "_RECIPE_DIRS", [str(tmp_path)])
    assert preset_description("mine") == "A summary that wraps."


def test_every_preset_loads_and_validates():
    for name in available_presets():
        config = load_preset(name)
        assert config.preset == name and config.validate() is config
    hebbgan = load_preset("hebbgan_output_sequence")
    assert (hebbgan.discriminator_plasticity, hebbgan.discriminator_dropout) == (
        "output_sequence",
        0.0,
    )
