"""tf_hebbgan: adversarial sequence generation with synaptic plasticity, in TensorFlow / Keras 3.

Subpackages are imported on use (`from tf_hebbgan.layers import PlasticDense`), so that the
command line answers bad input before TensorFlow loads. Yet `import tf_hebbgan` is all that
`keras.saving.load_model` needs to read a saved model: as soon as Keras is imported (now, if
it already is), every serializable class of the package is registered under its Keras name
by a stand-in that imports the class when a file first needs it. TensorFlow imports Keras
during its own start-up, when importing this package's modules would fail, hence stand-ins.
"""

import importlib
import importlib.abc
import importlib.util
import os
import sys

__version__ = "0.1.0"

# Keras name -> module of every class this package registers with Keras.
SERIALIZABLE = {
    "PlasticDense": "tf_hebbgan.layers.plastic_dense",
    "PlasticLSTMCell": "tf_hebbgan.layers.plastic_lstm_cell",
    "Highway": "tf_hebbgan.layers.highway",
    "RelationalMemoryCell": "tf_hebbgan.layers.relational_memory_cell",
    "OracleLSTM": "tf_hebbgan.models.oracle_lstm",
    "LSTMGenerator": "tf_hebbgan.models.lstm_generator",
    "CNNDiscriminator": "tf_hebbgan.models.cnn_discriminator",
    "RelationalMemoryGenerator": "tf_hebbgan.models.relational_memory_generator",
    "RelGANDiscriminator": "tf_hebbgan.models.relgan_discriminator",
    "PlasticRecurrentNetwork": "tf_hebbgan.models.plastic_recurrent_network",
    "Adam": "tf_hebbgan.optimizers.adam",
    "FusedAdam": "tf_hebbgan.optimizers.fused_adam",
}


class _StandIn:
    """Registered in place of a class until Keras deserializes one: then imports the class
    (whose decorator registers the real thing) and hands the config to it."""

    def __init__(self, name):
        self.name = name

    def from_config(self, config, custom_objects=None):
        cls = getattr(importlib.import_module(SERIALIZABLE[self.name]), self.name)
        return cls.from_config(config)


def _register_stand_ins(keras):
    objects = keras.saving.get_custom_objects()
    for name in SERIALIZABLE:
        objects.setdefault(f"tf_hebbgan>{name}", _StandIn(name))


class _AfterKerasImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `keras` as usual, then registers the stand-ins once it has loaded.

    It stays in `sys.meta_path` until Keras is actually executed: TensorFlow looks Keras up
    with `find_spec` before it imports it.
    """

    _finding = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "keras" or self._finding:
            return None
        self._finding = True
        try:
            spec = importlib.util.find_spec("keras")
        finally:
            self._finding = False
        if spec is None:
            return None
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        self._loader.exec_module(module)
        _register_stand_ins(module)


class _QuietTensorFlowImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports `tensorflow` as usual under `quiet.filtered_stderr`, then probes for GPUs there:
    its start-up lines and the CUDA error of a machine without a GPU never reach the user."""

    _finding = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow" or self._finding:
            return None
        self._finding = True
        try:
            spec = importlib.util.find_spec("tensorflow")
        finally:
            self._finding = False
        if spec is None:
            return None
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        from tf_hebbgan.quiet import filtered_stderr

        with filtered_stderr():
            self._loader.exec_module(module)
            module.config.list_physical_devices("GPU")  # Leaves devices configurable.


if (
    "tensorflow" not in sys.modules
    and os.environ.get("TF_CPP_MIN_LOG_LEVEL") != "0"
    and not any(isinstance(finder, _QuietTensorFlowImport) for finder in sys.meta_path)
):
    sys.meta_path.insert(0, _QuietTensorFlowImport())

if "keras" in sys.modules:
    _register_stand_ins(sys.modules["keras"])
elif not any(isinstance(finder, _AfterKerasImport) for finder in sys.meta_path):
    sys.meta_path.insert(0, _AfterKerasImport())
