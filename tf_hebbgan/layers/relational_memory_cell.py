"""`RelationalMemoryCell`: Santoro et al. (2018)'s relational memory core, as RelGAN uses it.

    x'    = W_in x + b_in                                  the input as one more memory row
    A     = LN(M_x + MHA(M_x)),  M_x = [M; x']             attention over memory and input
    M~    = LN(A + MLP(A))[:N]                              the memory rows after the MLP
    i, f  = sigmoid(W_i x' + U_i tanh(M) + 0), sigmoid(W_f x' + U_f tanh(M) + 1)
    M'    = i * tanh(M~) + f * M,   output = flatten(M')

MHA is multi-head dot-product attention with a layer-normalised joint q/k/v projection, queries
scaled by `(2 * key_size + head_size) ** -0.5` as RelGAN's code does. The input's row is
dropped after the last attention, so that block computes its query, MLP and norms on the
memory rows alone.
"""

import keras
import tensorflow as tf
from keras import ops


def _linear_initializer(fan_in):
    # RelGAN's linear layers: truncated normal with stddev 1 / sqrt(fan_in), zero biases.
    return keras.initializers.TruncatedNormal(stddev=float(fan_in) ** -0.5)


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class RelationalMemoryCell(keras.layers.Layer):
    """A recurrent cell whose state is `mem_slots` memory rows that attend to each other and to
    the input at every step.

    The state is the memory flattened to `(batch, mem_slots * num_heads * head_size)`, so that
    `keras.layers.RNN` and the samplers carry it like an LSTM's; it starts as the identity
    matrix, zero-padded to the row size (`get_initial_state`). The output is the new memory,
    flattened the same way. RelGAN's generator: 1 slot, 2 heads, head size 256.

    Args:
        mem_slots: memory rows N.
        num_heads: attention heads H.
        head_size: size of each head's values; a memory row has `H * head_size` entries.
        key_size: size of the queries and keys (default `head_size`).
        num_blocks: attention + MLP blocks per step.
        mlp_layers: dense layers of the MLP after the attention (ReLU between them).
        forget_bias, input_bias: added to the forget and input gates' pre-activations.
        epsilon: the layer normalisations' epsilon.
        **kwargs: standard `keras.layers.Layer` arguments.

    Example:

    ```python
    import numpy as np

    rnn = keras.layers.RNN(RelationalMemoryCell(1, 2, 16), return_sequences=True)
    outputs = rnn(np.zeros((2, 5, 8), "float32"))  # (2, 5, 32)
    ```
    """

    def __init__(
        self,
        mem_slots=1,
        num_heads=2,
        head_size=256,
        key_size=None,
        num_blocks=1,
        mlp_layers=2,
        forget_bias=1.0,
        input_bias=0.0,
        epsilon=1e-6,
        **kwargs,
    ):
        super().__init__(**kwargs)
        for name, value in (
            ("mem_slots", mem_slots),
            ("num_heads", num_heads),
            ("head_size", head_size),
            ("num_blocks", num_blocks),
            ("mlp_layers", mlp_layers),
        ):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"`{name}` must be a positive integer. Received: {value!r}")
        if key_size is not None and (not isinstance(key_size, int) or key_size < 1):
            raise ValueError(
                f"`key_size` must be a positive integer or None. Received: {key_size!r}"
            )
        self.mem_slots = mem_slots
        self.num_heads = num_heads
        self.head_size = head_size
        self.key_size = key_size
        self.num_blocks = num_blocks
        self.mlp_layers = mlp_layers
        self.forget_bias = float(forget_bias)
        self.input_bias = float(input_bias)
        self.epsilon = float(epsilon)
        self.mem_size = num_heads * head_size
        self.state_size = [mem_slots * self.mem_size]
        self.output_size = mem_slots * self.mem_size

    @property
    def _key_size(self):
        return self.key_size or self.head_size

    def _dense(self, units, fan_in, use_bias, name):
        return keras.layers.Dense(
            units,
            use_bias=use_bias,
            kernel_initializer=_linear_initializer(fan_in),
            name=name,
            dtype=self.dtype_policy,
        )

    def _norm(self, name):
        return keras.layers.LayerNormalization(
            epsilon=self.epsilon, name=name, dtype=self.dtype_policy
        )

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the inputs of {self.name} must be known. "
                f"Received: input_shape={input_shape}"
            )
        m = self.mem_size
        qkv_size = self._qkv_size
        self.input_projection = self._dense(m, input_dim, True, "input_projection")
        self.input_projection.build((None, input_dim))
        # Sublayers as attributes, not in lists: TensorFlow checkpoints see a Keras layer's
        # attributes but not the layers inside a list attribute.
        for index in range(self.num_blocks):
            for name, layer, shape in (
                (f"qkv_{index}", self._dense(qkv_size, m, False, f"qkv_{index}"), m),
                (f"qkv_norm_{index}", self._norm(f"qkv_norm_{index}"), qkv_size),
                (f"attention_norm_{index}", self._norm(f"attention_norm_{index}"), m),
                *(
                    (f"mlp_{index}_{k}", self._dense(m, m, True, f"mlp_{index}_{k}"), m)
                    for k in range(self.mlp_layers)
                ),
                (f"mlp_norm_{index}", self._norm(f"mlp_norm_{index}"), m),
            ):
                layer.build((None, shape))
                setattr(self, name, layer)
        self.input_gate = self._dense(2 * m, m, False, "input_gate")
        self.input_gate.build((None, m))
        self.memory_gate = self._dense(2 * m, m, False, "memory_gate")
        self.memory_gate.build((None, m))
        self.built = True

    def get_initial_state(self, batch_size=None):
        """The identity memory, zero-padded or cut to the row size, flattened: `(batch, N*M)`."""
        eye = ops.eye(self.mem_slots, self.mem_size, dtype=self.compute_dtype)  # (N, M)
        flat = ops.reshape(eye, (1, self.mem_slots * self.mem_size))  # (1, N*M)
        return [ops.tile(flat, (batch_size, 1))]  # (B, N*M)

    @property
    def _qkv_size(self):
        return self.num_heads * (2 * self._key_size + self.head_size)

    def _attention(self, projected, query_rows):
        """Multi-head attention of the first `query_rows` rows over all rows, from their
        normalised q/k/v `(B, R, H * (2K + V))`: `(B, query_rows, M)`.

        Parts are taken with `tf.split`, whose gradient is one concatenation; a slice's
        gradient is a zero tensor of the whole input, and the slices' gradients are then added
        (docs/performance.md, "RelGAN at the paper's sizes")."""
        heads, key, value = self.num_heads, self._key_size, self.head_size
        batch, rows = ops.shape(projected)[0], projected.shape[1]
        projected = ops.reshape(projected, (batch, rows, heads, 2 * key + value))
        projected = ops.transpose(projected, (0, 2, 1, 3))  # (B, H, R, 2K + V)
        query, keys, values = tf.split(projected, [key, key, value], axis=-1)  # K, K, V wide
        if query_rows < rows:
            query = tf.split(query, [query_rows, rows - query_rows], axis=2)[0]  # (B, H, Rq, K)
        query = query * (2 * key + value) ** -0.5
        weights = ops.softmax(ops.matmul(query, ops.swapaxes(keys, -1, -2)), axis=-1)  # (B,H,Rq,R)
        attended = ops.transpose(ops.matmul(weights, values), (0, 2, 1, 3))  # (B, Rq, H, V)
        return ops.reshape(attended, (batch, query_rows, self.mem_size))  # (B, Rq, M)

    def input_features(self, inputs):
        """What a step computes from its input alone, for inputs `(..., input_dim)` of any
        rank: the tuple of the input row `(..., M)`, its first-block q/k/v
        `(..., H * (2K + V))` and its gate pre-activations `(..., 2M)`.

        A teacher-forced pass computes them for every step at once (one large product in
        place of one small product a step) and runs only `step` in its loop;
        `call(x, s)` is `step(input_features(x), s)`.
        """
        projected = self.input_projection(inputs)  # (..., M)
        qkv = self.qkv_norm_0(self.qkv_0(projected))  # (..., H * (2K + V))
        return projected, qkv, self.input_gate(projected)

    def step(self, features, states):
        """One step from the `input_features` tuple (each `(B, ...)`) and the state:
        `(output, [state])`."""
        n, m = self.mem_slots, self.mem_size
        projected, input_qkv, input_gates = features  # (B, M), (B, H * (2K + V)), (B, 2M)
        previous = ops.reshape(states[0], (-1, n, m))  # (B, N, M)
        memory = ops.concatenate([previous, ops.expand_dims(projected, 1)], axis=1)  # (B, N + 1, M)
        for index in range(self.num_blocks):
            if index == 0:
                memory_qkv = self.qkv_norm_0(self.qkv_0(previous))  # (B, N, H * (2K + V))
                projected_qkv = ops.concatenate([memory_qkv, ops.expand_dims(input_qkv, 1)], axis=1)
            else:
                qkv, qkv_norm = getattr(self, f"qkv_{index}"), getattr(self, f"qkv_norm_{index}")
                projected_qkv = qkv_norm(qkv(memory))  # (B, N + 1, H * (2K + V))
            # After the last attention the input's row is dropped, so it needs no query,
            # no MLP and no normalisation there: only the N memory rows go on.
            rows = n if index == self.num_blocks - 1 else n + 1
            attended = self._attention(projected_qkv, rows)  # (B, rows, M)
            if rows < n + 1:
                memory = tf.split(memory, [rows, n + 1 - rows], axis=1)[0]  # (B, rows, M)
            memory = getattr(self, f"attention_norm_{index}")(memory + attended)
            hidden = memory
            for k in range(self.mlp_layers):
                hidden = getattr(self, f"mlp_{index}_{k}")(hidden)
                if k < self.mlp_layers - 1:
                    hidden = ops.relu(hidden)
            memory = getattr(self, f"mlp_norm_{index}")(memory + hidden)  # (B, rows, M)
        gates = self.memory_gate(ops.tanh(previous)) + ops.expand_dims(input_gates, 1)  # (B, N, 2M)
        input_gate, forget_gate = ops.split(gates, 2, axis=-1)  # (B, N, M) each
        input_gate = ops.sigmoid(input_gate + self.input_bias)
        forget_gate = ops.sigmoid(forget_gate + self.forget_bias)
        new_memory = input_gate * ops.tanh(memory) + forget_gate * previous  # (B, N, M)
        flat = ops.reshape(new_memory, (-1, n * m))  # (B, N*M)
        return flat, [flat]

    def call(self, inputs, states, training=None):
        return self.step(self.input_features(inputs), states)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "mem_slots": self.mem_slots,
                "num_heads": self.num_heads,
                "head_size": self.head_size,
                "key_size": self.key_size,
                "num_blocks": self.num_blocks,
                "mlp_layers": self.mlp_layers,
                "forget_bias": self.forget_bias,
                "input_bias": self.input_bias,
                "epsilon": self.epsilon,
            }
        )
        return config
