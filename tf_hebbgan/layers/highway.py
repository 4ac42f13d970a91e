"""`Highway`: a highway layer (Srivastava, Greff & Schmidhuber 2015), as in SeqGAN's discriminator.

g = sigmoid(x . W_g + b_g)
y = g * activation(x . W_h + b_h) + (1 - g) * x
"""

import keras

from tf_hebbgan.layers.plastic_dense import PlasticDense


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class Highway(keras.layers.Layer):
    """Highway layer: a gated mix of a dense transform of the input and the input itself.

    The output has the input's shape. The gate bias starts negative so that a fresh layer
    mostly carries its input through, which is what makes deep highway stacks trainable; -2.0
    is the default of the `highway()` function in SeqGAN's `discriminator.py`. (SeqGAN's
    discriminator itself calls `highway(..., 1, 0)`, a gate bias of 0: pass `gate_bias=0.0` to
    reproduce that run exactly.)

    Args:
        activation: activation of the transform path (ReLU in SeqGAN).
        gate_bias: initial value of the gate bias `b_g`.
        kernel_initializer: initializer of `W_h` and `W_g`.
        bias_initializer: initializer of `b_h`.
        kernel_regularizer: optional regularizer of `W_h` and `W_g`.
        plastic_rule: `None`, or `"hebb"` / `"oja"` to make the transform a stateful
            `PlasticDense` (one trace shared across batches; `reset_trace()` clears it).
        trace_clip: the plastic transform's trace bound (`PlasticDense(trace_clip=...)`).
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(
        self,
        activation="relu",
        gate_bias=-2.0,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        plastic_rule=None,
        trace_clip=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if plastic_rule not in (None, "hebb", "oja"):
            raise ValueError(f"plastic_rule must be None, 'hebb' or 'oja'; got {plastic_rule!r}.")
        self.plastic_rule = plastic_rule
        self.trace_clip = trace_clip
        self.activation = keras.activations.get(activation)
        self.gate_bias = float(gate_bias)
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)

    def build(self, input_shape):
        dim = input_shape[-1]
        if dim is None:
            raise ValueError(
                f"The last dimension of the inputs of {self.name} must be known. "
                f"Received: input_shape={input_shape}"
            )
        transform_arguments = dict(
            activation=self.activation,
            kernel_initializer=self.kernel_initializer,
            bias_initializer=self.bias_initializer,
            kernel_regularizer=self.kernel_regularizer,
            dtype=self.dtype_policy,
            name="transform",
        )
        if self.plastic_rule is None:
            self.transform = keras.layers.Dense(dim, **transform_arguments)
        else:
            self.transform = PlasticDense(
                dim,
                rule=self.plastic_rule,
                stateful=True,
                trace_clip=self.trace_clip,
                **transform_arguments,
            )
        self.transform.build(input_shape)
        self.gate = keras.layers.Dense(
            dim,
            activation="sigmoid",
            kernel_initializer=self.kernel_initializer,
            bias_initializer=keras.initializers.Constant(self.gate_bias),
            kernel_regularizer=self.kernel_regularizer,
            dtype=self.dtype_policy,
            name="gate",
        )
        self.gate.build(input_shape)

    def call(self, inputs, training=None):
        gate = self.gate(inputs)  # (..., dim)
        if self.plastic_rule is None:
            transformed = self.transform(inputs)
        else:
            transformed = self.transform(inputs, training=training)
        return gate * transformed + (1.0 - gate) * inputs  # (..., dim)

    def reset_trace(self):
        """Clears the shared trace of a plastic transform."""
        self.transform.reset_trace()

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "activation": keras.activations.serialize(self.activation),
                "gate_bias": self.gate_bias,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
                "plastic_rule": self.plastic_rule,
                "trace_clip": self.trace_clip,
            }
        )
        return config
