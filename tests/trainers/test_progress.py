"""The progress bar of resumed phases: its time per unit counts this process's units only."""

import keras

from tf_hebbgan.trainers.progress import ResumedProgbar


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def _bar(monkeypatch, capsys, verbose):
    clock = Clock(1000.0)
    monkeypatch.setattr("keras.src.utils.progbar.time.time", clock)
    bar = ResumedProgbar(200, done=24, verbose=verbose, unit_name="epoch")
    bar.update(24)
    clock.now += 1800  # The first epoch of a process includes tracing.
    bar.update(25, [("nll_oracle", 9.0), ("loss", 2.0)])
    clock.now += 410
    bar.update(26, [("loss", 1.0)])
    clock.now += 410
    bar.update(27, [("nll_oracle", 8.0), ("loss", 3.0)])
    return capsys.readouterr().out


def test_a_resumed_bar_times_the_units_run_since_it_started(monkeypatch, capsys):
    lines = _bar(monkeypatch, capsys, verbose=2).splitlines()
    # One line per epoch run (none for the epochs of the earlier process); a plain Progbar
    # would say 2620 s / 27 = 97 s an epoch.
    assert [line.split(" - ")[0] for line in lines] == [" 25/200", " 26/200", " 27/200"]
    assert " 1800s/epoch" in lines[0]
    assert " 410s/epoch" in lines[1] and " 410s/epoch" in lines[2]
    # Each value as last given, not averaged over the epochs, and only with its epoch: epoch
    # 26 was not evaluated, so it shows no NLL.
    assert lines[2].endswith("nll_oracle: 8.0000 - loss: 3.0000")
    assert "nll_oracle" not in lines[1]


def test_the_interactive_bar_shows_the_remaining_time_of_the_resumed_run(monkeypatch, capsys):
    out = _bar(monkeypatch, capsys, verbose=1)
    last = out.rsplit("\r", 1)[-1]
    assert "27/200" in last
    assert "19:42:10" in last  # 173 epochs at 410 s, as Progbar formats an ETA.


def test_it_is_a_keras_progbar():
    assert isinstance(ResumedProgbar(3, verbose=0), keras.utils.Progbar)


def test_a_bar_says_its_phase_and_where_a_resumed_one_goes_on(capsys):
    ResumedProgbar(200, done=0, verbose=2, unit_name="epoch", phase="Adversarial training")
    ResumedProgbar(50, done=24, verbose=2, unit_name="round", phase="Discriminator pretraining")
    ResumedProgbar(50, done=50, verbose=2, unit_name="round", phase="Discriminator pretraining")
    assert capsys.readouterr().out.splitlines() == [
        "Adversarial training: 200 epochs",
        "Discriminator pretraining: resuming at round 25 of 50",
    ]


def test_a_discriminator_no_better_than_chance_is_warned_of(capsys):
    from tf_hebbgan.trainers.adversarial import warn_if_blind

    assert warn_if_blind({"accuracy_real": 1.0, "accuracy_fake": 0.0})
    assert "no better than chance (accuracy 1.00 on real, 0.00" in capsys.readouterr().err
    assert not warn_if_blind({"accuracy_real": 0.9, "accuracy_fake": 0.7})
    assert capsys.readouterr().err == ""


def test_after_two_units_a_bar_estimates_its_phase_and_names_the_next(monkeypatch, capsys):
    from tf_hebbgan.trainers.progress import estimate_line, later_phases

    clock = Clock(1000.0)
    monkeypatch.setattr("keras.src.utils.progbar.time.time", clock)
    bar = ResumedProgbar(50, 0, 2, "round", "Discriminator pretraining", "adversarial training")
    for done, seconds in ((1, 300.0), (2, 30.0), (3, 30.0)):  # The first includes tracing.
        clock.now += seconds
        bar.update(done, [("loss", 1.0)])
    lines = [line for line in capsys.readouterr().out.splitlines() if "about" in line]
    assert lines == [
        "Discriminator pretraining: 30 s a round, about 24 min for the 48 rounds left; then "
        "adversarial training"
    ]
    assert estimate_line("MLE", 3.4, 118, "epoch").endswith(
        "3.4 s an epoch, about 7 min for the 118 epochs left"
    )
    from tf_hebbgan.config import load_preset

    assert later_phases(load_preset("seqgan_oracle")) == (
        "discriminator pretraining (50 rounds) and adversarial training (200 epochs), each "
        "timed as it starts"
    )
    assert later_phases(load_preset("mle_oracle")) == ""


def test_mle_estimates_after_its_second_epoch_and_says_early_stopping_may_end_it(capsys):
    from tf_hebbgan.trainers.mle_phase import PhaseEstimate

    estimate = PhaseEstimate(first=0, later="adversarial training", early_stopping=True)
    estimate.set_params({"epochs": 10})
    estimate.on_epoch_end(0, {"epoch_seconds": 9.0})  # The first includes tracing.
    estimate.on_epoch_end(1, {"epoch_seconds": 2.0})
    assert capsys.readouterr().out.splitlines() == [
        "MLE pretraining (early stopping may end it sooner): 2 s an epoch, about 16 s for the "
        "8 epochs left; then adversarial training"
    ]
