"""`PlasticDense`: a dense layer with differentiable Hebbian plasticity.

Miconi, Clune & Stanley (2018), "Differentiable plasticity". Each connection has a fixed
weight `W` and a plastic part `alpha * Hebb`, where the Hebbian trace `Hebb` changes with the
layer's own inputs and outputs while it runs:

    y_t      = activation(x_t . (W + alpha * Hebb_t) + b)
    Hebb_t+1 = (1 - eta) * Hebb_t + eta * outer(x_t, y_t)            rule "hebb"
    Hebb_t+1 = Hebb_t + eta * y_t * (x_t - Hebb_t * y_t)              rule "oja"

`W`, `b`, `alpha` and `eta` are trained by backpropagation through the trace.

Neuromodulated (Miconi et al. 2019, "Backpropamine"): the layer computes a signal
`M_t = tanh(y_t . w_m + b_m)` per example that gates the trace's update,

    Hebb_t+1 = Clip(Hebb_t + M_t * outer(x_t, y_t))                    "simple"
    Hebb_t+1 = Clip(Hebb_t + M_t * E_t),
    E_t+1    = (1 - eta) * E_t + eta * outer(x_t, y_t)                 "retroactive"

where the eligibility trace `E` remembers recent coincidences until a signal arrives.
"""

import math

import keras
import tensorflow as tf
from keras import ops

_RULES = ("hebb", "oja")
_ALPHA_SHAPES = ("connection", "unit", "scalar")
_ETA_SHAPES = ("scalar", "unit")
NEUROMODULATION = (None, "simple", "retroactive")


def validate_plasticity(units, rule, alpha_shape, eta_shape, eta_initial, trace_clip):
    """Raises a ValueError naming the first bad argument of a plastic layer."""
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(f"`units` must be a positive integer. Received: units={units!r}")
    if rule not in _RULES:
        raise ValueError(f"`rule` must be one of {_RULES}. Received: rule={rule!r}")
    if alpha_shape not in _ALPHA_SHAPES:
        raise ValueError(f"`alpha_shape` must be one of {_ALPHA_SHAPES}. Received: {alpha_shape!r}")
    if eta_shape not in _ETA_SHAPES:
        raise ValueError(f"`eta_shape` must be one of {_ETA_SHAPES}. Received: {eta_shape!r}")
    if not 0.0 < float(eta_initial) < 1.0:
        raise ValueError(f"`eta_initial` must lie in (0, 1). Received: {eta_initial}")
    if trace_clip is not None and not float(trace_clip) > 0.0:
        raise ValueError(f"`trace_clip` must be positive or None. Received: {trace_clip}")


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class PlasticDense(keras.layers.Layer):
    """Dense layer whose weights have a Hebbian plastic component.

    Three ways to call it:

    - *Sequence mode* (`stateful=False`, inputs `(batch, time, features)`): the recurrence runs
      along `time` with one trace per example that starts at zero, or at `initial_trace`
      `(batch, features, units)`. Returns `(batch, time, units)`, and called with
      `return_trace=True` also the final trace `(batch, features, units)`.
    - *Step mode* (`stateful=False`, inputs `(batch, features)`): one step of the same
      recurrence, so that an owner of a loop (a recurrent cell, a sampler) can carry the trace.
    - *Stateful mode* (`stateful=True`, inputs `(batch, features)`): one trace `(features,
      units)` shared by the batch (the property `trace`) lives in non-trainable weights. A
      training call reads it and then moves it with the batch-mean outer product; an inference
      call only reads it. It persists across calls and checkpoints until `reset_trace()`. Under
      `tf.distribute` its per-replica updates are averaged, so replicas stay consistent. `eta`
      gets its gradient through the last update only (truncated at one batch).

    With `alpha = 0` the layer computes exactly what `keras.layers.Dense` computes.

    Args:
        units: output dimension.
        activation: activation function, as for `keras.layers.Dense`.
        use_bias: whether to add a bias.
        rule: `"hebb"` (decaying Hebbian average) or `"oja"` (Oja's rule, Miconi's decay-free
            form).
        alpha_shape: `"connection"` (one coefficient per connection, `(features, units)`),
            `"unit"` (one per output unit, `(units,)`) or `"scalar"`.
        eta_shape: `"scalar"` or `"unit"` (one plasticity rate per output unit).
        eta_initial: the starting value of `eta`, in (0, 1). `eta` is stored as a logit, so it
            stays in (0, 1) whatever the optimizer does.
        trace_clip: if set, the trace is clipped to `[-trace_clip, trace_clip]` after every
            update (Miconi's backpropamine networks clip it to keep it bounded).
        stateful: use one trace shared by the batch and kept across calls (see above).
        neuromodulation: `None` (the rule above), or `"simple"` / `"retroactive"`: the update
            gated by the layer's own signal `M_t` (see the module). `rule` is then unused;
            the retroactive form's per-example trace holds `Hebb` and `E` side by side,
            `(batch, features, 2 * units)`. A stateful layer's shared trace takes one signal
            per batch, from the batch's mean output, times the batch-mean outer product
            (or the shared `E`), and `trace` is its `Hebb`.
        kernel_initializer, bias_initializer, alpha_initializer: initializers of `W`, `b` and
            `alpha`. `alpha` starts small and positive by default, as in Miconi's code
            (`0.01 * rand`).
        kernel_regularizer, bias_regularizer, alpha_regularizer: optional regularizers.
        **kwargs: standard `keras.layers.Layer` arguments.
    """

    def __init__(
        self,
        units,
        activation=None,
        use_bias=True,
        rule="hebb",
        alpha_shape="connection",
        eta_shape="scalar",
        eta_initial=0.01,
        trace_clip=None,
        stateful=False,
        neuromodulation=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        alpha_initializer=None,
        kernel_regularizer=None,
        bias_regularizer=None,
        alpha_regularizer=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        validate_plasticity(units, rule, alpha_shape, eta_shape, eta_initial, trace_clip)
        self.units = units
        self.activation = keras.activations.get(activation)
        self.use_bias = use_bias
        self.rule = rule
        self.alpha_shape = alpha_shape
        self.eta_shape = eta_shape
        self.eta_initial = float(eta_initial)
        self.trace_clip = None if trace_clip is None else float(trace_clip)
        self.stateful = stateful
        if neuromodulation not in NEUROMODULATION:
            raise ValueError(
                f"`neuromodulation` must be one of {NEUROMODULATION}. Received: {neuromodulation!r}"
            )
        self.neuromodulation = neuromodulation
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.bias_initializer = keras.initializers.get(bias_initializer)
        self.alpha_initializer = keras.initializers.get(
            alpha_initializer or keras.initializers.RandomUniform(0.0, 0.01)
        )
        self.kernel_regularizer = keras.regularizers.get(kernel_regularizer)
        self.bias_regularizer = keras.regularizers.get(bias_regularizer)
        self.alpha_regularizer = keras.regularizers.get(alpha_regularizer)

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the inputs of {self.name} must be known. "
                f"Received: input_shape={input_shape}"
            )
        self.input_dim = input_dim
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
            )
        alpha_shape = {
            "connection": (input_dim, self.units),
            "unit": (self.units,),
            "scalar": (),
        }[self.alpha_shape]
        self.alpha = self.add_weight(
            name="alpha",
            shape=alpha_shape,
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
        )
        eta_logit = math.log(self.eta_initial / (1.0 - self.eta_initial))
        self.eta_logit = self.add_weight(
            name="eta_logit",
            shape=() if self.eta_shape == "scalar" else (self.units,),
            initializer=keras.initializers.Constant(eta_logit),
        )
        if self.neuromodulation:
            self.modulator_kernel = self.add_weight(
                name="modulator_kernel", shape=(self.units, 1), initializer="glorot_uniform"
            )
            self.modulator_bias = self.add_weight(
                name="modulator_bias", shape=(1,), initializer="zeros"
            )
        if self.stateful:
            # The shared trace is state, not a parameter: never trainable, kept in float32
            # under mixed precision, and averaged over replicas under tf.distribute. It is
            # stored as the operands of its last update (the trace before it and the batch
            # means it was made from), and the current trace is recomputed from them in the
            # graph: then eta gets a gradient through the last update (backpropagation
            # truncated at one batch), where storing the trace itself would cut eta off.
            def state(name, shape):
                return self.add_weight(
                    name=name,
                    shape=shape,
                    initializer="zeros",
                    dtype="float32",
                    trainable=False,
                    autocast=False,
                    aggregation="mean",
                )

            self.previous_trace = state("previous_trace", (input_dim, self.units))
            self.previous_outer = state("previous_outer", (input_dim, self.units))
            if self.neuromodulation:  # The signal is recomputed from the mean output.
                self.previous_output_mean = state("previous_output_mean", (self.units,))
            if self.neuromodulation == "retroactive":
                self.previous_eligibility = state("previous_eligibility", (input_dim, self.units))
            elif self.rule == "oja" and not self.neuromodulation:
                self.previous_output_square = state("previous_output_square", (self.units,))

    @property
    def trace_units(self):
        """The last size of a per-example trace: `units`, or `2 * units` for the retroactive
        form (the trace and the eligibility trace side by side)."""
        return 2 * self.units if self.neuromodulation == "retroactive" else self.units

    @property
    def eta(self):
        """The effective plasticity rate in (0, 1), broadcastable to `(features, units)`."""
        return ops.sigmoid(self.eta_logit)

    @property
    def trace(self):
        """The current shared trace `(features, units)` of a stateful layer (float32)."""
        if not self.stateful:
            raise ValueError(
                f"{self.name} is not stateful: its traces are per example, returned by calls "
                "with `return_trace=True`."
            )
        if self.neuromodulation:
            return self._modulated_shared_traces()[0]
        eta = ops.cast(self.eta, "float32")
        if self.rule == "hebb":
            trace = (1.0 - eta) * self.previous_trace + eta * self.previous_outer
        else:
            decay = self.previous_trace * self.previous_output_square
            trace = self.previous_trace + eta * (self.previous_outer - decay)
        return self._clip(trace)

    def _modulated_shared_traces(self):
        """The shared `(Hebb, E)` of a stateful neuromodulated layer (`E` None for "simple"),
        from the operands of the last update: the batch's one signal `M` is computed from its
        mean output here, in the graph, so the modulator is trained through the last update
        as `eta` is."""
        kernel = ops.cast(self.modulator_kernel, "float32")
        bias = ops.cast(self.modulator_bias, "float32")
        signal = ops.tanh(ops.matmul(self.previous_output_mean[None], kernel) + bias)[0, 0]
        if self.neuromodulation == "simple":
            return self._clip(self.previous_trace + signal * self.previous_outer), None
        eta = ops.cast(self.eta, "float32")
        hebb = self._clip(self.previous_trace + signal * self.previous_eligibility)
        return hebb, (1.0 - eta) * self.previous_eligibility + eta * self.previous_outer

    def reset_trace(self):
        """Sets the shared trace of a stateful layer back to zero."""
        if not self.stateful:
            raise ValueError(
                f"reset_trace() is for stateful layers; {self.name} keeps one trace per example "
                "and starts it at zero (or at `initial_trace`) on every call."
            )
        for variable in self.non_trainable_weights:
            variable.assign(ops.zeros_like(variable))

    def call(self, inputs, initial_trace=None, return_trace=False, training=None):
        """Sequence, step or stateful mode (see the class); with `return_trace=True` (sequence
        and step mode) also the final per-example trace `(batch, features, units)`."""
        rank = len(inputs.shape)
        if self.stateful:
            if rank != 2:
                raise ValueError(
                    f"A stateful PlasticDense takes inputs of shape (batch, features); "
                    f"{self.name} received shape {inputs.shape}."
                )
            if initial_trace is not None or return_trace:
                raise ValueError(
                    "A stateful PlasticDense takes no `initial_trace` and returns no trace: "
                    "its shared trace is the property `trace`."
                )
            return self._call_stateful(inputs, training)
        if rank not in (2, 3):
            raise ValueError(
                f"PlasticDense takes inputs of shape (batch, time, features) or (batch, "
                f"features); {self.name} received shape {inputs.shape}."
            )
        if initial_trace is None:
            batch_size = ops.shape(inputs)[0]
            initial_trace = ops.zeros((batch_size, self.input_dim, self.trace_units), inputs.dtype)
        if rank == 2:
            outputs, trace = self.step(inputs, initial_trace)
        else:
            outputs, trace = self._call_sequence(inputs, initial_trace)
        return (outputs, trace) if return_trace else outputs

    def step(self, inputs, trace, extra=None):
        """One step with a per-example trace.

        Args:
            inputs: `(batch, features)`, the presynaptic side of the plastic connections.
            trace: `(batch, features, units)` (`2 * units` for the retroactive form).
            extra: optional `(batch, units)` added before the activation: another input's
                contribution, as the `x . W_c` of a plastic LSTM's candidate.

        Returns:
            `(outputs, next_trace)`: `(batch, units)` and `(batch, features, units)`.
        """
        linear = self._linear(inputs)
        if extra is not None:
            linear = linear + extra
        return self._step(inputs, linear, trace)

    # === Internals ===

    def _linear(self, inputs):
        outputs = ops.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = outputs + self.bias
        return outputs

    def _plastic_coefficients(self):
        return ops.cast(self.alpha, self.compute_dtype), ops.cast(self.eta, self.compute_dtype)

    def _step(self, inputs, linear, trace):
        if self.neuromodulation:
            return self._modulated_step(inputs, linear, trace)
        alpha, eta = self._plastic_coefficients()
        plastic = ops.einsum("bi,bij->bj", inputs, alpha * trace)  # (B, units)
        outputs = self.activation(linear + plastic)  # (B, units)
        outer = ops.einsum("bi,bj->bij", inputs, outputs)  # (B, in, units)
        if self.rule == "hebb":
            trace = (1.0 - eta) * trace + eta * outer
        else:
            trace = trace + eta * (outer - trace * ops.square(outputs)[:, None, :])
        return outputs, self._clip(trace)

    def _modulated_step(self, inputs, linear, trace):
        alpha, eta = self._plastic_coefficients()
        hebb = trace[..., : self.units]  # (B, in, units)
        plastic = ops.einsum("bi,bij->bj", inputs, alpha * hebb)  # (B, units)
        outputs = self.activation(linear + plastic)  # (B, units)
        kernel = ops.cast(self.modulator_kernel, outputs.dtype)
        bias = ops.cast(self.modulator_bias, outputs.dtype)
        modulation = ops.tanh(ops.matmul(outputs, kernel) + bias)[:, :, None]  # (B, 1, 1)
        outer = ops.einsum("bi,bj->bij", inputs, outputs)  # (B, in, units)
        if self.neuromodulation == "simple":
            return outputs, self._clip(hebb + modulation * outer)
        eligibility = trace[..., self.units :]  # (B, in, units)
        hebb = self._clip(hebb + modulation * eligibility)
        eligibility = (1.0 - eta) * eligibility + eta * outer
        return outputs, ops.concatenate([hebb, eligibility], axis=-1)  # (B, in, 2 * units)

    def _call_sequence(self, inputs, initial_trace):
        linear = self._linear(inputs)  # (B, T, units): the fixed part for all steps at once.
        num_steps = tf.shape(inputs)[1]

        # The per-step inputs are read from TensorArrays: the gradient of `x[t]` on a tensor
        # would be a full (T, B, in) tensor per step (StridedSliceGrad), T^2 work in all,
        # where a TensorArray's read has a per-step gradient.
        def time_major(values):
            array = tf.TensorArray(values.dtype, size=num_steps, element_shape=values.shape[::2])
            return array.unstack(tf.transpose(values, (1, 0, 2)))  # T x (B, features)

        inputs_ta, linear_ta = time_major(inputs), time_major(linear)
        # keras.ops.scan's TensorFlow backend requires outputs shaped like the carry, so the
        # recurrence is a plain tf.while_loop (XLA-compilable, differentiable).
        outputs_ta = tf.TensorArray(linear.dtype, size=num_steps, element_shape=linear.shape[::2])

        def body(t, trace, outputs_ta):
            outputs, trace = self._step(inputs_ta.read(t), linear_ta.read(t), trace)
            return t + 1, trace, outputs_ta.write(t, outputs)

        _, trace, outputs_ta = tf.while_loop(
            lambda t, *_: t < num_steps, body, (0, initial_trace, outputs_ta)
        )
        outputs = tf.transpose(outputs_ta.stack(), (1, 0, 2))  # (B, T, units)
        outputs.set_shape(linear.shape)
        return outputs, trace  # (B, T, units), (B, in, units)

    def _call_stateful(self, inputs, training):
        alpha, _ = self._plastic_coefficients()
        trace = self.trace  # (in, units), float32
        kernel = self.kernel + alpha * ops.cast(trace, self.compute_dtype)  # (in, units)
        outputs = self.activation(ops.matmul(inputs, kernel) + self._bias())  # (B, units)
        if training:
            batch_size = ops.cast(ops.shape(inputs)[0], "float32")
            x = ops.stop_gradient(ops.cast(inputs, "float32"))  # (B, in)
            y = ops.stop_gradient(ops.cast(outputs, "float32"))  # (B, units)
            if self.neuromodulation == "retroactive":  # Read before the operands change.
                eligibility = self._modulated_shared_traces()[1]
                self.previous_eligibility.assign(ops.stop_gradient(eligibility))
            self.previous_trace.assign(ops.stop_gradient(trace))
            self.previous_outer.assign(ops.matmul(ops.transpose(x), y) / batch_size)
            if self.neuromodulation:
                self.previous_output_mean.assign(ops.mean(y, axis=0))
            elif self.rule == "oja":
                self.previous_output_square.assign(ops.mean(ops.square(y), axis=0))
        return outputs

    def _bias(self):
        return self.bias if self.use_bias else 0.0

    def _clip(self, trace):
        if self.trace_clip is None:
            return trace
        return ops.clip(trace, -self.trace_clip, self.trace_clip)

    # === Config ===

    def compute_output_spec(self, inputs, initial_trace=None, return_trace=False, training=None):
        shape = tuple(inputs.shape[:-1]) + (self.units,)
        outputs = keras.KerasTensor(shape, dtype=self.compute_dtype)
        if return_trace:
            trace_shape = (inputs.shape[0], inputs.shape[-1], self.trace_units)
            return outputs, keras.KerasTensor(trace_shape, dtype=self.compute_dtype)
        return outputs

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "activation": keras.activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "rule": self.rule,
                "alpha_shape": self.alpha_shape,
                "eta_shape": self.eta_shape,
                "eta_initial": self.eta_initial,
                "trace_clip": self.trace_clip,
                "stateful": self.stateful,
                "neuromodulation": self.neuromodulation,
                "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
                "bias_initializer": keras.initializers.serialize(self.bias_initializer),
                "alpha_initializer": keras.initializers.serialize(self.alpha_initializer),
                "kernel_regularizer": keras.regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": keras.regularizers.serialize(self.bias_regularizer),
                "alpha_regularizer": keras.regularizers.serialize(self.alpha_regularizer),
            }
        )
        return config
