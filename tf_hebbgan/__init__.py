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
    "LeakedFeatures": "tf_hebbgan.layers.leaked_features",
    "LeakGANCell": "tf_hebbgan.layers.leakgan_cell",
    "TokenAndIdEmbedding": "tf_hebbgan.layers.token_and_id_embedding",
    "OracleLSTM": "tf_hebbgan.models.oracle_lstm",
    "LSTMGenerator": "tf_hebbgan.models.lstm_generator",
    "LeakGANGenerator": "tf_hebbgan.models.leakgan_generator",
    "CNNDiscriminator": "tf_hebbgan.models.cnn_discriminator",
    "CNNRanker": "tf_hebbgan.models.cnn_ranker",
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


class _ImportHook(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the module `name` as usual, and executes it through `load(exec_module, module)`.

    It stays in `sys.meta_path` until the module is actually executed: TensorFlow looks Keras
    up with `find_spec` before it imports it.
    """

    def __init__(self, name, load):
        self.name = name
        self.load = load
        self._finding = False

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name or self._finding:
            return None
        self._finding = True
        try:
            spec = importlib.util.find_spec(self.name)
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
        self.load(self._loader.exec_module, module)


def _load_keras(exec_module, module):
    """Keras as usual, then the stand-ins registered."""
    exec_module(module)
    _register_stand_ins(module)


def _load_tensorflow_quietly(exec_module, module):
    """TensorFlow under `quiet.filtered_stderr`, probing for GPUs there: its start-up lines and
    the CUDA error of a machine without a GPU never reach the user."""
    from tf_hebbgan.quiet import filtered_stderr

    with filtered_stderr():
        exec_module(module)
        module.config.list_physical_devices("GPU")  # Leaves devices configurable.


def _hooked(name):
    return any(isinstance(f, _ImportHook) and f.name == name for f in sys.meta_path)


if (
    "tensorflow" not in sys.modules
    and os.environ.get("TF_CPP_MIN_LOG_LEVEL") != "0"
    and not _hooked("tensorflow")
):
    sys.meta_path.insert(0, _ImportHook("tensorflow", _load_tensorflow_quietly))

if "keras" in sys.modules:
    _register_stand_ins(sys.modules["keras"])
elif not _hooked("keras"):
    sys.meta_path.insert(0, _ImportHook("keras", _load_keras))
