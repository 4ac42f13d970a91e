"""Layers: differentiable Hebbian plasticity and highway connections."""

from tf_hebbgan.layers.highway import Highway
from tf_hebbgan.layers.plastic_dense import PlasticDense
from tf_hebbgan.layers.plastic_lstm_cell import PlasticLSTMCell

__all__ = ["Highway", "PlasticDense", "PlasticLSTMCell"]
