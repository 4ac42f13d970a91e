"""The whole run's estimate: later phases timed ahead on copies, without changing the run."""

import os

import numpy as np

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.files import load_keras
from tf_hebbgan.trainers import experiment
from tf_hebbgan.trainers.families import adversarial_phase
from tf_hebbgan.trainers.mle_phase import build_generator
from tf_hebbgan.trainers.run_data import load_run_data


def test_a_run_says_its_whole_cost_after_two_mle_epochs_and_is_unchanged_by_it(tmp_path, capsys):
    # Four MLE epochs: the estimate (and the probe) come after the second.
    config = apply_overrides(load_preset("seqgan_tiny"), ["mle_epochs=4", "adversarial_epochs=2"])
    estimated = experiment.train(config, str(tmp_path / "estimated"), verbose=2)
    out = capsys.readouterr().out
    mle = next(line for line in out.splitlines() if " an epoch, about " in line)
    assert "for the 2 epochs left; then discriminator pretraining (1 round, about " in mle
    assert "adversarial training (2 epochs, about " in mle
    assert ": the whole run about " in mle and mle.endswith(" left")
    assert "Discriminator pretraining: 1 round (the whole run about " in out
    assert "Adversarial training: 2 epochs (about " in out

    quiet = experiment.train(config, str(tmp_path / "quiet"), verbose=0)  # No probe.
    assert estimated["nll_oracle"] == quiet["nll_oracle"]
    weights = [
        load_keras(os.path.join(tmp_path, name, "generator.keras")).get_weights()
        for name in ("estimated", "quiet")
    ]
    for probed, plain in zip(*weights, strict=True):
        np.testing.assert_array_equal(probed, plain)


def test_the_gumbel_family_times_its_adversarial_step():
    config = load_preset("relgan_tiny")  # The SeqGAN family's probe runs in the test above.
    method = adversarial_phase(config)
    data = load_run_data(config)
    seconds = method.probe(config, data, build_generator(config, data))
    assert list(seconds) == [name for name, _, _ in method.phases(config)]
    assert all(np.isfinite(value) and value > 0 for value in seconds.values())


def test_the_ranker_is_timed_on_as_many_positives_as_a_round_draws():
    # 16 negatives and batch 4 make the probe's round 16 sequences of each kind, fewer than the
    # 4 references and 20 compared sentences a ranker round draws from the real ones.
    config = apply_overrides(
        load_preset("rankgan_tiny"),
        ["discriminator_negatives=16", "batch_size=4", "rank_comparison=20"],
    )
    method = adversarial_phase(config)
    data = load_run_data(config)
    seconds = method.probe(config, data, build_generator(config, data))
    assert list(seconds) == [name for name, _, _ in method.phases(config)]
    assert all(np.isfinite(value) and value > 0 for value in seconds.values())
