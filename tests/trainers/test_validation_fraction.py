"""`mle_validation_fraction`: early stopping on a share of one's own text, whatever its size."""

import pytest

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.trainers.run_data import check_one_batch


def test_the_share_held_out_follows_the_corpus_and_a_size_wins():
    config = load_preset("seqgan_text")
    assert config.validation_size(10_000) == 1000 and config.validation_size(320) == 32
    sized = apply_overrides(config, ["mle_validation_size=7"])
    assert sized.validation_size(10_000) == 7
    with pytest.raises(ValueError, match="fewer than one batch"):
        check_one_batch(config, 70)  # 63 left after 7 held out: less than a batch of 64.
    check_one_batch(config, 72)


def test_patience_needs_a_split_and_the_fraction_a_range():
    with pytest.raises(ValueError, match="mle_validation_fraction must lie in"):
        apply_overrides(load_preset("seqgan_text"), ["mle_validation_fraction=1.0"])
    with pytest.raises(ValueError, match="needs a validation split"):
        apply_overrides(load_preset("seqgan_text"), ["mle_validation_fraction=0.0"])
