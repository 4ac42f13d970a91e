"""`OracleLSTM`: the SeqGAN synthetic-data oracle, with the original published weights."""

import os

import keras
import numpy as np

from tf_hebbgan.models.lstm_generator import LSTMGenerator

SEQGAN_PARAMETERS = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "assets", "seqgan_oracle_params.npz"
)
SEQGAN_LENGTH = 20  # The benchmark's sequence length.
_PARAMETER_SHAPES = {
    "embedding": lambda v, e, h: (v, e),
    "W_out": lambda v, e, h: (h, v),
    "b_out": lambda v, e, h: (v,),
    **{f"W_{g}": (lambda v, e, h: (e, h)) for g in "ifoc"},
    **{f"U_{g}": (lambda v, e, h: (h, h)) for g in "ifoc"},
    **{f"b_{g}": (lambda v, e, h: (h,)) for g in "ifoc"},
}


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class OracleLSTM(LSTMGenerator):
    """A fixed LSTM language model that defines the "real" data of the synthetic benchmark.

    The architecture is the `LSTMGenerator`'s (the SeqGAN oracle and generator share it), with
    its weights frozen. `OracleLSTM.seqgan()` loads the weights of the SeqGAN oracle
    (LantaoYu/SeqGAN `save/target_params_py3.pkl`, shipped with this package): vocabulary 5000,
    embedding 32, hidden 32, length 20, start token 0. Its samples have a per-token NLL under
    itself of about 5.75, the oracle's entropy rate.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.trainable = False

    @classmethod
    def seqgan(cls, path=SEQGAN_PARAMETERS, seed=None, sequence_length=SEQGAN_LENGTH):
        """The SeqGAN oracle, from the published parameters (an `.npz` of named arrays).

        `sequence_length`: the length of its sequences, the benchmark's by default; the
        weights do not depend on it (the tiny recipes draw shorter sequences, which trace
        faster).
        """
        try:
            with np.load(path) as archive:
                parameters = {name: archive[name] for name in archive.files}
        except (OSError, ValueError) as error:
            raise ValueError(f"Could not read oracle parameters from {path}: {error}") from error
        vocabulary_size, embedding_dim = parameters.get("embedding", np.zeros((0, 0))).shape
        oracle = cls(
            vocabulary_size=vocabulary_size or 1,
            embedding_dim=embedding_dim or 1,
            hidden_dim=parameters.get("U_i", np.zeros((1, 1))).shape[0],
            sequence_length=sequence_length,
            start_token=0,
            seed=seed,
            name="seqgan_oracle",
        )
        oracle.set_parameters(parameters)
        return oracle

    def set_parameters(self, parameters):
        """Loads SeqGAN-style named arrays (`W_i`, `U_i`, `b_i`, ... see the data README).

        SeqGAN's gates (i, f, o, c) map onto Keras' fused LSTM kernels in Keras' gate order
        (i, f, c, o).
        """
        sizes = (self.vocabulary_size, self.embedding_dim, self.hidden_dim)
        missing = sorted(set(_PARAMETER_SHAPES) - set(parameters))
        if missing:
            raise ValueError(f"Oracle parameters are missing arrays: {missing}")
        for name, shape_of in _PARAMETER_SHAPES.items():
            if tuple(parameters[name].shape) != shape_of(*sizes):
                raise ValueError(
                    f"Oracle parameter {name} has shape {parameters[name].shape}; expected "
                    f"{shape_of(*sizes)} for vocabulary {sizes[0]}, embedding {sizes[1]}, "
                    f"hidden {sizes[2]}."
                )
        if not self.built:
            self.build()
        gates = "ifco"  # Keras' order of the four gate blocks.
        self.embedding.embeddings.assign(parameters["embedding"])
        self.cell.kernel.assign(np.concatenate([parameters[f"W_{g}"] for g in gates], axis=1))
        self.cell.recurrent_kernel.assign(
            np.concatenate([parameters[f"U_{g}"] for g in gates], axis=1)
        )
        self.cell.bias.assign(np.concatenate([parameters[f"b_{g}"] for g in gates], axis=0))
        self.output_layer.kernel.assign(parameters["W_out"])
        self.output_layer.bias.assign(parameters["b_out"])
