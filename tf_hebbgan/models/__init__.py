"""Models: the SeqGAN oracle, generator and discriminator."""

from tf_hebbgan.models.cnn_discriminator import CNNDiscriminator
from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.models.oracle_lstm import OracleLSTM

__all__ = ["CNNDiscriminator", "LSTMGenerator", "OracleLSTM"]
