"""The SeqGAN oracle: weights mapped right (NumPy reference) and its entropy rate of 5.75."""

import numpy as np
import pytest

from tf_hebbgan.models import OracleLSTM
from tf_hebbgan.models.oracle_lstm import SEQGAN_PARAMETERS


@pytest.fixture(scope="module")
def oracle():
    return OracleLSTM.seqgan()


def reference_nll(params, tokens):
    """The recurrence of the data README, in NumPy: per-sequence mean token NLL."""

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    batch, time = tokens.shape
    h = np.zeros((batch, 32))
    c = np.zeros((batch, 32))
    previous = np.zeros(batch, int)
    nll = np.zeros(batch)
    for t in range(time):
        x = params["embedding"][previous]
        gate = {g: x @ params[f"W_{g}"] + h @ params[f"U_{g}"] + params[f"b_{g}"] for g in "ifoc"}
        c = sigmoid(gate["f"]) * c + sigmoid(gate["i"]) * np.tanh(gate["c"])
        h = sigmoid(gate["o"]) * np.tanh(c)
        logits = h @ params["W_out"] + params["b_out"]
        logits -= logits.max(axis=1, keepdims=True)
        log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        nll -= log_probs[np.arange(batch), tokens[:, t]]
        previous = tokens[:, t]
    return nll / time


def test_oracle_matches_the_published_recurrence(oracle):
    params = dict(np.load(SEQGAN_PARAMETERS))
    tokens = np.random.default_rng(0).integers(0, 5000, size=(4, 20))
    np.testing.assert_allclose(oracle.nll(tokens), reference_nll(params, tokens), rtol=1e-5)


def test_oracle_samples_score_its_entropy_rate(oracle):
    samples = oracle.sample(10000, seed=123)
    assert samples.shape == (10000, 20) and samples.dtype == np.int32
    assert abs(float(np.mean(oracle.nll(samples))) - 5.75) < 0.02


def test_oracle_is_frozen(oracle):
    assert oracle.trainable_weights == []


def test_bad_parameter_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="Could not read"):
        OracleLSTM.seqgan(str(tmp_path / "missing.npz"))
    params = dict(np.load(SEQGAN_PARAMETERS))
    del params["U_c"]
    np.savez(tmp_path / "partial.npz", **params)
    with pytest.raises(ValueError, match="missing arrays"):
        OracleLSTM.seqgan(str(tmp_path / "partial.npz"))


def test_a_shorter_oracle_draws_the_first_tokens_of_the_benchmarks_sequences(oracle):
    from tf_hebbgan.config import load_preset
    from tf_hebbgan.trainers.run_data import load_run_data

    short = OracleLSTM.seqgan(sequence_length=7)
    np.testing.assert_array_equal(short.sample(5, seed=4), oracle.sample(5, seed=4)[:, :7])
    config = load_preset("tiny")
    config.sequence_length = 7
    data = load_run_data(config)
    assert data.sequence_length == data.oracle.sequence_length == 7
    assert data.train_tokens.shape == (config.num_train_samples, 7)
    config.sequence_length = 0  # The benchmark's length.
    assert load_run_data(config).train_tokens.shape == (config.num_train_samples, 20)
