"""run_scorer: the training sentences are scored once for every temperature, the oracle at each."""

import types

from tf_hebbgan.config import load_preset
from tf_hebbgan.studies import scores
from tf_hebbgan.trainers import evaluation, run_data


def _scorer(monkeypatch, is_text, generator=None):
    calls = []

    def evaluate(generator, data, num_samples, seed, temperature=1.0):
        calls.append(temperature)
        return {"figure": temperature if generator is not None or not data.is_text else 0.5}

    monkeypatch.setattr(evaluation, "evaluate_generator", evaluate)
    monkeypatch.setattr(
        run_data, "load_run_data", lambda config: types.SimpleNamespace(is_text=is_text)
    )
    return scores.run_scorer(generator, load_preset("tiny"), seed=0), calls


def test_training_sentences_are_scored_once_for_every_temperature(monkeypatch):
    score, calls = _scorer(monkeypatch, is_text=True)
    assert [score(t) for t in (0.8, 1.0, 1.2)] == [{"figure": 0.5}] * 3
    assert len(calls) == 1
    score(0.9)["figure"] = 7.0  # A caller's change to one result leaves the others.
    assert score(1.1) == {"figure": 0.5} and len(calls) == 1


def test_the_oracle_and_generators_are_scored_at_each_temperature(monkeypatch):
    for is_text, generator in ((False, None), (True, object()), (False, object())):
        score, calls = _scorer(monkeypatch, is_text, generator)
        assert [score(t)["figure"] for t in (0.8, 1.2)] == [0.8, 1.2]
        assert calls == [0.8, 1.2]
