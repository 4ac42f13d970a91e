"""NLL-oracle and NLL-test on the real oracle, at small sample sizes."""

import numpy as np
import pytest

from tf_hebbgan.metrics import nll_oracle, nll_test
from tf_hebbgan.models import LSTMGenerator, OracleLSTM


@pytest.fixture(scope="module")
def oracle():
    return OracleLSTM.seqgan()


def test_nll_oracle_of_the_oracle_is_near_its_entropy(oracle):
    assert abs(nll_oracle(oracle, oracle, num_samples=2000, seed=0) - 5.75) < 0.1


def test_nll_test_is_the_mean_of_nll(oracle):
    tokens = oracle.sample(50, seed=1)
    assert nll_test(oracle, tokens) == pytest.approx(float(np.mean(oracle.nll(tokens))))


def test_vocabulary_mismatch_is_a_clear_error(oracle):
    with pytest.raises(ValueError, match="Vocabulary mismatch"):
        nll_oracle(LSTMGenerator(vocabulary_size=10), oracle, num_samples=4)
