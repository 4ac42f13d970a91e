"""Models: the SeqGAN oracle; the LSTM and relational-memory generators; the SeqGAN and RelGAN
discriminators and RankGAN's ranker."""

from tf_hebbgan.models.cnn_discriminator import CNNDiscriminator
from tf_hebbgan.models.cnn_ranker import CNNRanker
from tf_hebbgan.models.leakgan_generator import LeakGANGenerator
from tf_hebbgan.models.lstm_generator import LSTMGenerator
from tf_hebbgan.models.oracle_lstm import OracleLSTM
from tf_hebbgan.models.plastic_recurrent_network import PlasticRecurrentNetwork
from tf_hebbgan.models.relational_memory_generator import RelationalMemoryGenerator
from tf_hebbgan.models.relgan_discriminator import RelGANDiscriminator

__all__ = [
    "CNNDiscriminator",
    "CNNRanker",
    "LSTMGenerator",
    "LeakGANGenerator",
    "OracleLSTM",
    "PlasticRecurrentNetwork",
    "RelGANDiscriminator",
    "RelationalMemoryGenerator",
]
