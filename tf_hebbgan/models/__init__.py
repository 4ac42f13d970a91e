"""Models: the SeqGAN oracle and generator."""

from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.models.oracle_lstm import OracleLSTM

__all__ = ["LSTMGenerator", "OracleLSTM"]
