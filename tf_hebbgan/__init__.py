"""tf_hebbgan: adversarial sequence generation with synaptic plasticity, in TensorFlow / Keras 3.

Subpackages are imported on use (`from tf_hebbgan.layers import PlasticDense`), so that the
command line answers bad input before TensorFlow loads.
"""

__version__ = "0.1.0"
