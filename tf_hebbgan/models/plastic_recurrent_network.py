"""`PlasticRecurrentNetwork`: a fully recurrent network of tanh neurons with plastic weights."""

import keras
import tensorflow as tf

from tf_hebbgan.layers.plastic_dense import PlasticDense


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class PlasticRecurrentNetwork(keras.Model):
    """Miconi et al.'s network for pattern memorisation: `units` neurons, each connected to all.

        y(t) = tanh(y(t-1) . (W + alpha * Hebb(t)) + input_scale * x(t))
        Hebb(t+1) = (1 - eta) * Hebb(t) + eta * y(t-1) y(t)^T

    The recurrent weights are one `PlasticDense(units, "tanh")` in step mode; the trace starts at
    zero in every call (an episode). A large `input_scale` clamps the neurons whose input is not
    zero to its sign; the others answer through their lateral connections. With `plastic=False`
    `alpha` is fixed at 0: the same network without plasticity. Called on inputs `(batch, steps,
    units)` it returns the neurons' last output `(batch, units)`.

    Args:
        units: neurons (the pattern's bits, plus one for a bias neuron fed a constant 1).
        plastic: whether `alpha` is learned (True) or fixed at 0.
        rule, eta_initial: the plastic layer's (`"hebb"`: the decaying Hebbian trace).
        weight_stddev: `W` and `alpha` start from N(0, weight_stddev), as Miconi's code.
        input_scale: the factor on the inputs (Miconi: 20).
        **kwargs: standard `keras.Model` arguments.

    Example:

    ```python
    import numpy as np

    network = PlasticRecurrentNetwork(9)
    outputs = network(np.zeros((2, 205, 9), "float32"))  # (2, 9)
    ```
    """

    def __init__(
        self,
        units,
        plastic=True,
        rule="hebb",
        eta_initial=0.01,
        weight_stddev=0.01,
        input_scale=20.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = units
        self.plastic = plastic
        self.rule = rule
        self.eta_initial = eta_initial
        self.weight_stddev = weight_stddev
        self.input_scale = input_scale
        initializer = keras.initializers.RandomNormal(stddev=weight_stddev)
        self.recurrent = PlasticDense(
            units,
            activation="tanh",
            use_bias=False,
            rule=rule,
            eta_initial=eta_initial,
            kernel_initializer=initializer,
            alpha_initializer=initializer if plastic else "zeros",
            name="recurrent",
        )
        self.recurrent.build((None, units))
        if not plastic:
            self.recurrent.alpha.trainable = False  # Stays 0: no plastic component.
            self.recurrent.eta_logit.trainable = False  # Has no effect without one.
        self.built = True

    def call(self, inputs):
        inputs = tf.convert_to_tensor(inputs, tf.float32)  # (B, T, N)
        batch = tf.shape(inputs)[0]
        steps = inputs.shape[1] or tf.shape(inputs)[1]  # Static where known, for XLA.
        drive = tf.TensorArray(tf.float32, size=steps, element_shape=[None, self.units])
        drive = drive.unstack(tf.transpose(inputs, (1, 0, 2)) * self.input_scale)  # T x (B, N)
        outputs = tf.zeros([batch, self.units])  # (B, N)
        trace = tf.zeros([batch, self.units, self.units])  # (B, N, N)

        def body(t, outputs, trace):
            if not self.plastic:  # alpha = 0: the trace would change nothing; skip its cost.
                linear = self.recurrent._linear(outputs) + drive.read(t)  # (B, N)
                return t + 1, self.recurrent.activation(linear), trace
            outputs, trace = self.recurrent.step(outputs, trace, extra=drive.read(t))
            return t + 1, outputs, trace

        _, outputs, _ = tf.while_loop(
            lambda t, *_: t < steps, body, (0, outputs, trace), maximum_iterations=steps
        )
        return outputs  # (B, N)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "plastic": self.plastic,
                "rule": self.rule,
                "eta_initial": self.eta_initial,
                "weight_stddev": self.weight_stddev,
                "input_scale": self.input_scale,
            }
        )
        return config
