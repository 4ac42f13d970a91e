"""`PlasticLSTMCell`: an LSTM cell whose recurrent candidate path is plastic (backpropamine LSTM).

    i, f, o = sigmoid(x . W_{i,f,o} + h . U_{i,f,o} + b_{i,f,o})
    c~      = tanh(x . W_c + h . (U_c + alpha * Hebb) + b_c)
    c       = f * c + i * c~,   h = o * tanh(c)
    Hebb   <- the PlasticDense rule on (h_prev, c~), clipped

Miconi et al. (2019), "Backpropamine", make the h -> c~ connections of an LSTM plastic.
"""

import keras
from keras import ops

from tf_hebbgan.layers.plastic_dense import NEUROMODULATION, PlasticDense, validate_plasticity


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class PlasticLSTMCell(keras.layers.Layer):
    """LSTM cell with a Hebbian trace on its recurrent candidate connections.

    The state is `[h, c, trace]`, the trace flattened to `(batch, units * units)` so that
    `keras.layers.RNN` and samplers carry it like any other state; a rollout that starts from a
    saved state continues with exactly the trace of its branch point. With `alpha = 0` the cell
    computes a plain LSTM (`keras.layers.LSTMCell` with `unit_forget_bias=False`).

    Args:
        units: hidden size.
        rule, alpha_shape, eta_shape, eta_initial: as `PlasticDense`.
        trace_clip: bound of the trace (Miconi clips it; 1.0 by default), or `None`.
        neuromodulation: `None`, or `"simple"` / `"retroactive"`: Backpropamine's gated
            update of the candidate's trace (`PlasticDense`); the retroactive state holds the
            eligibility trace too, `(batch, 2 * units * units)`.
        kernel_initializer, recurrent_initializer, bias_initializer, alpha_initializer:
            initializers of `W`, `U`, `b` and `alpha`.
        **kwargs: standard `keras.layers.Layer` arguments.

    Example:

    ```python
    import numpy as np

    lstm = keras.layers.RNN(PlasticLSTMCell(32, rule="hebb"), return_sequences=True)
    hidden = lstm(np.zeros((2, 5, 8), "float32"))  # (2, 5, 32)
    ```
    """

    def __init__(
        self,
        units,
        rule="hebb",
        alpha_shape="connection",
        eta_shape="scalar",
        eta_initial=0.01,
        trace_clip=1.0,
        neuromodulation=None,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        alpha_initializer=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        validate_plasticity(units, rule, alpha_shape, eta_shape, eta_initial, trace_clip)
        self.units = units
        self.rule = rule
        self.alpha_shape = alpha_shape
        self.eta_shape = eta_shape
        self.eta_initial = eta_initial
        self.trace_clip = trace_clip
        if neuromodulation not in NEUROMODULATION:
            raise ValueError(
                f"`neuromodulation` must be one of {NEUROMODULATION}. Received: {neuromodulation!r}"
            )
        self.neuromodulation = neuromodulation
        trace_units = 2 * units if neuromodulation == "retroactive" else units
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.recurrent_initializer = keras.initializers.get(recurrent_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.alpha_initializer = alpha_initializer
        self.state_size = [units, units, units * trace_units]
        self.output_size = units

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the inputs of {self.name} must be known. "
                f"Received: input_shape={input_shape}"
            )
        # Gate blocks in Keras' order (i, f, c, o); the candidate's recurrent part is plastic.
        self.kernel = self.add_weight(
            name="kernel", shape=(input_dim, 4 * self.units), initializer=self.kernel_initializer
        )
        self.recurrent_kernel = self.add_weight(
            name="recurrent_kernel",
            shape=(self.units, 3 * self.units),  # (i, f, o)
            initializer=self.recurrent_initializer,
        )
        self.bias = self.add_weight(
            name="bias", shape=(3 * self.units,), initializer=self.bias_initializer
        )
        self.candidate = PlasticDense(
            self.units,
            activation="tanh",
            rule=self.rule,
            alpha_shape=self.alpha_shape,
            eta_shape=self.eta_shape,
            eta_initial=self.eta_initial,
            trace_clip=self.trace_clip,
            neuromodulation=self.neuromodulation,
            kernel_initializer=self.recurrent_initializer,
            bias_initializer=self.bias_initializer,
            alpha_initializer=self.alpha_initializer,
            dtype=self.dtype_policy,
            name="candidate",
        )
        self.candidate.build((None, self.units))

    def get_initial_state(self, batch_size=None):
        return [
            ops.zeros((batch_size, self.units), self.compute_dtype),
            ops.zeros((batch_size, self.units), self.compute_dtype),
            ops.zeros((batch_size, self.state_size[2]), self.compute_dtype),
        ]

    def call(self, inputs, states, training=None):
        h, c, flat_trace = states  # (B, H), (B, H), (B, H * H)
        x_i, x_f, x_c, x_o = ops.split(ops.matmul(inputs, self.kernel), 4, axis=-1)  # (B, H)
        r_i, r_f, r_o = ops.split(ops.matmul(h, self.recurrent_kernel) + self.bias, 3, axis=-1)
        trace = ops.reshape(flat_trace, (-1, self.units, self.candidate.trace_units))  # (B,H,H')
        candidate, trace = self.candidate.step(h, trace, extra=x_c)  # (B, H), (B, H, H')
        c = ops.sigmoid(x_f + r_f) * c + ops.sigmoid(x_i + r_i) * candidate
        h = ops.sigmoid(x_o + r_o) * ops.tanh(c)
        return h, [h, c, ops.reshape(trace, (-1, self.state_size[2]))]

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "rule": self.rule,
                "alpha_shape": self.alpha_shape,
                "eta_shape": self.eta_shape,
                "eta_initial": self.eta_initial,
                "trace_clip": self.trace_clip,
                "neuromodulation": self.neuromodulation,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "recurrent_initializer": keras.initializers.serialize(self.recurrent_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer),
                "alpha_initializer": self.alpha_initializer
                if self.alpha_initializer is None
                else keras.initializers.serialize(keras.initializers.get(self.alpha_initializer)),
            }
        )
        return config
