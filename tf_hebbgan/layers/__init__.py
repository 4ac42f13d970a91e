"""Layers: differentiable Hebbian plasticity, highway connections, relational memory."""

from tf_hebbgan.layers.highway import Highway
from tf_hebbgan.layers.leaked_features import LeakedFeatures
from tf_hebbgan.layers.leakgan_cell import LeakGANCell
from tf_hebbgan.layers.plastic_dense import PlasticDense
from tf_hebbgan.layers.plastic_lstm_cell import PlasticLSTMCell
from tf_hebbgan.layers.relational_memory_cell import RelationalMemoryCell
from tf_hebbgan.layers.token_and_id_embedding import TokenAndIdEmbedding

__all__ = [
    "Highway",
    "LeakGANCell",
    "LeakedFeatures",
    "PlasticDense",
    "PlasticLSTMCell",
    "RelationalMemoryCell",
    "TokenAndIdEmbedding",
]
