"""The progress bar of resumed phases: its time per unit counts this process's units only."""

import keras
import pytest

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


def _seqgan_estimate():
    from tf_hebbgan.trainers.run_estimate import RunEstimate

    return RunEstimate(
        [
            ("MLE pretraining", "epoch", 120),
            ("Discriminator pretraining", "round", 50),
            ("Adversarial training", "epoch", 200),
        ]
    )


def test_after_two_units_a_bar_estimates_its_phase_the_next_and_the_whole_run(monkeypatch, capsys):
    from tf_hebbgan.trainers.progress import estimate_line

    clock = Clock(1000.0)
    monkeypatch.setattr("keras.src.utils.progbar.time.time", clock)
    estimate = _seqgan_estimate()
    bar = ResumedProgbar(50, 0, 2, "round", "Discriminator pretraining", estimate)
    for done, seconds in ((1, 300.0), (2, 30.0), (3, 30.0)):  # The first includes tracing.
        clock.now += seconds
        bar.update(done, [("loss", 1.0)])
    lines = [line for line in capsys.readouterr().out.splitlines() if "about" in line]
    assert lines == [
        "Discriminator pretraining: 30 s a round, about 24 min for the 48 rounds left; then "
        "adversarial training (200 epochs), each timed as it starts"
    ]
    assert estimate.phase("MLE pretraining").left == 0  # Over before this phase began.
    estimate.timed("Adversarial training", 60.0)  # As a probe would.
    assert estimate.remaining("Discriminator pretraining") == 48 * 30 + 200 * 60
    assert estimate_line("MLE", 3.4, 118, "epoch").endswith(
        "3.4 s an epoch, about 7 min for the 118 epochs left"
    )


def test_a_phase_timed_ahead_gives_the_whole_run_when_it_starts(capsys):
    estimate = _seqgan_estimate()
    estimate.timed("MLE pretraining", 3.0, done=120)
    estimate.timed("Discriminator pretraining", 12.0)
    estimate.timed("Adversarial training", 60.0)
    ResumedProgbar(50, 0, 2, "round", "Discriminator pretraining", estimate)
    ResumedProgbar(200, 10, 2, "epoch", "Adversarial training", estimate)
    assert capsys.readouterr().out.splitlines() == [
        "Discriminator pretraining: 50 rounds (the whole run about 3.5 h left)",
        "Adversarial training: resuming at epoch 11 of 200 (about 3.2 h)",
    ]


def test_the_whole_run_is_said_once_every_later_phase_is_timed():
    estimate = _seqgan_estimate()
    estimate.timed("MLE pretraining", 3.4, done=2)
    assert estimate.remaining() is None
    assert estimate.untimed_after("MLE pretraining") == [
        "Discriminator pretraining",
        "Adversarial training",
    ]
    assert estimate.after("MLE pretraining") == (
        "discriminator pretraining (50 rounds) and adversarial training (200 epochs), each "
        "timed as it starts"
    )
    estimate.timed("Discriminator pretraining", 12.0)
    estimate.timed("Adversarial training", 66.0)
    assert estimate.remaining() == pytest.approx(118 * 3.4 + 50 * 12.0 + 200 * 66.0)
    assert estimate.after("MLE pretraining") == (
        "discriminator pretraining (50 rounds, about 10 min) and adversarial training "
        "(200 epochs, about 3.7 h): the whole run about 3.9 h left"
    )
    assert estimate.after("Adversarial training") == ""


def test_mle_estimates_after_its_second_epoch_and_says_early_stopping_may_end_it(capsys):
    from tf_hebbgan.trainers.mle_phase import PhaseEstimate
    from tf_hebbgan.trainers.run_estimate import RunEstimate

    run = RunEstimate([("MLE pretraining", "epoch", 10), ("Adversarial training", "step", 5)])
    probed = []

    def probe():
        probed.append(True)
        return {"Adversarial training": 4.0}

    estimate = PhaseEstimate(first=0, estimate=run, early_stopping=True, probe=probe)
    estimate.set_params({"epochs": 10})
    estimate.on_epoch_end(0, {"epoch_seconds": 9.0})  # The first includes tracing.
    estimate.on_epoch_end(1, {"epoch_seconds": 2.0})
    estimate.on_epoch_end(2, {"epoch_seconds": 2.0})
    assert probed == [True]  # Once, with the first estimate.
    assert capsys.readouterr().out.splitlines() == [
        "MLE pretraining (early stopping may end it sooner): 2 s an epoch, about 16 s for the "
        "8 epochs left; then adversarial training (5 steps, about 20 s): the whole run about "
        "36 s left"
    ]
