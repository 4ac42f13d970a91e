"""`LeakGANCell`: one step of LeakGAN's manager and worker (Guo et al. 2018) as a Keras RNN cell.

At step `t` the cell reads token `y_{t-1}` (the start token at `t = 0`, which joins no
prefix). It appends the token to its `LeakedFeatures` state and reads the discriminator's
features `f_t` of the prefix `y_<t`; the manager LSTM maps `f_t` to a unit goal `g_t`; the
worker LSTM reads the token's embedding, and its output `h_t` is scored against
`w_t = normalise(psi(sum_{i=1..c} g_{t-i}))`, the goals of the last `c` steps projected to `k`
dimensions (a learned initial goal stands in for `g_{-1}`, so the first step has a goal).
The token logits are `O_t w_t` with `O_t = reshape(W [h_t; 1], (V, k))`; the generator
computes them from the cell's output `[h_t, w_t, f_t, g_t]` (`split_output` names its parts),
so that `f_t` and `g_t` are there for the manager's and the worker's losses.
"""

import keras
import tensorflow as tf

from tf_hebbgan.layers.leaked_features import LeakedFeatures


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class LeakGANCell(keras.layers.Layer):
    """LeakGAN's hierarchical step; its input is `[embedding of y_{t-1}, y_{t-1} as a float]`.

    Args:
        units: the worker's and the manager's LSTM units (LeakGAN: 32).
        goal_size: `k`, the size of the worker's goal embedding (16).
        horizon: `c`, the goals summed into `w_t` and the span of the manager's target (4).
        vocabulary_size, leak_embedding_dim, filter_sizes, num_filters: the discriminator
            whose features leak (`LeakedFeatures`).
        **kwargs: standard `keras.layers.Layer` arguments.

    State: `[h_w, c_w, h_m, c_m, last goals (B, c k), *leak state, started (B, 1)]`.
    """

    def __init__(
        self,
        units,
        goal_size,
        horizon,
        vocabulary_size,
        leak_embedding_dim,
        filter_sizes,
        num_filters,
        **kwargs,
    ):
        super().__init__(**kwargs)
        for field, value in (("units", units), ("goal_size", goal_size), ("horizon", horizon)):
            if int(value) <= 0:
                raise ValueError(f"`{field}` must be a positive integer. Received: {value!r}")
        self.units, self.goal_size, self.horizon = int(units), int(goal_size), int(horizon)
        initializer = keras.initializers.RandomNormal(stddev=0.1)
        self.leak = LeakedFeatures(
            vocabulary_size, leak_embedding_dim, filter_sizes, num_filters, name="leak"
        )
        self.feature_dim = self.leak.feature_dim
        lstm = dict(
            kernel_initializer=initializer,
            recurrent_initializer=initializer,
            bias_initializer=initializer,
            unit_forget_bias=False,
        )
        self.worker = keras.layers.LSTMCell(self.units, name="worker", **lstm)
        self.manager = keras.layers.LSTMCell(self.units, name="manager", **lstm)
        self.goal = keras.layers.Dense(
            self.feature_dim, kernel_initializer=initializer, name="goal"
        )
        self.projection = keras.layers.Dense(
            self.goal_size, use_bias=False, kernel_initializer=initializer, name="psi"
        )
        self.state_size = [
            self.units,
            self.units,
            self.units,
            self.units,
            self.horizon * self.goal_size,
            self.feature_dim,
            self.leak.history_dim,
            1,
            1,
        ]
        # [h_t, w_t, f_t, g_t]: what the logits and the two losses need.
        self.output_size = self.units + self.goal_size + 2 * self.feature_dim

    def build(self, input_shape):
        embedding_dim = input_shape[-1] - 1
        self.worker.build((None, embedding_dim))
        self.manager.build((None, self.feature_dim))
        self.goal.build((None, self.units))
        self.projection.build((None, self.feature_dim))
        self.leak.build()
        self.initial_goal = self.add_weight(
            shape=(self.feature_dim,),
            initializer=keras.initializers.TruncatedNormal(stddev=0.1),
            name="initial_goal",
        )
        self.built = True

    def get_initial_state(self, batch_size=None):
        zeros = tf.zeros([batch_size, self.units])
        first = tf.math.l2_normalize(self.initial_goal)[None]  # (1, F)
        goals = tf.pad(self.projection(first), [[0, 0], [0, (self.horizon - 1) * self.goal_size]])
        goals = tf.tile(goals, [batch_size, 1])  # (B, c k): psi(g_{-1}), then zeros.
        return [zeros, zeros, zeros, zeros, goals, *self.leak.initial_state(batch_size)] + [
            tf.zeros([batch_size, 1])
        ]

    def call(self, inputs, states, training=None):
        leak_state, started = list(states[5:8]), states[8]  # started: (B, 1)
        embedded, tokens = inputs[:, :-1], tf.cast(inputs[:, -1], tf.int32)  # (B, E), (B,)
        appended = self.leak.step(tokens, leak_state)  # The start token joins no prefix.
        leak_state = [
            tf.where(started > 0.0, new, old) for new, old in zip(appended, leak_state, strict=True)
        ]
        features = self.leak.features(leak_state)  # (B, F): f_t, of y_<t.
        output, states = self.hierarchy_step(embedded, features, states[:5], training)
        return output, [*states, *leak_state, tf.ones_like(started)]

    def hierarchy_step(self, embedded, features, states, training=None):
        """The manager and worker at one step, given the leaked features `f_t` `(B, F)` and
        the token's embedding `(B, E)`: the output `[h_t, w_t, f_t, g_t]` and the next
        `[h_w, c_w, h_m, c_m, last goals]` (`states`, the first five of the cell's)."""
        h_w, c_w, h_m, c_m, goals = states
        manager_out, (h_m, c_m) = self.manager(features, [h_m, c_m], training=training)
        goal = tf.math.l2_normalize(self.goal(manager_out), axis=-1)  # (B, F): g_t.
        worker_out, (h_w, c_w) = self.worker(embedded, [h_w, c_w], training=training)
        batch = tf.shape(embedded)[0]
        last = tf.reshape(goals, [batch, self.horizon, self.goal_size])  # (B, c, k)
        direction = tf.math.l2_normalize(tf.reduce_sum(last, axis=1), axis=-1)  # (B, k): w_t
        goals = tf.concat(
            [self.projection(goal), goals[:, : (self.horizon - 1) * self.goal_size]], axis=-1
        )  # (B, c k): psi(g_t) joins, psi(g_{t-c}) leaves.
        output = tf.concat([worker_out, direction, features, goal], axis=-1)
        return output, [h_w, c_w, h_m, c_m, goals]

    def split_output(self, output):
        """The parts of the cell's output `(..., H + k + 2F)`: the worker's `h_t` `(..., H)`,
        the direction `w_t` `(..., k)`, the features `f_t` `(..., F)` and the goal `g_t`
        `(..., F)`. Slices, not a split: a traced caller computes only the parts it reads (the
        sampling step reads `h_t` and `w_t`, not the two 1,720-wide parts)."""
        h, k, f = self.units, self.goal_size, self.feature_dim
        return (
            output[..., :h],
            output[..., h : h + k],
            output[..., h + k : h + k + f],
            output[..., h + k + f :],
        )

    def teacher_forced(self, embedded, features, training=None):
        """The cell's outputs along known sequences `(B, T, H + k + 2F)`, from the tokens'
        embeddings `(B, T, E)` and every prefix's leaked features `f_t` `(B, T, F)` computed
        beforehand (`LeakedFeatures.prefix_features`): the same outputs as stepping the
        cell, without streaming the leak token by token."""
        batch = tf.shape(embedded)[0]
        features = tf.cast(features, self.compute_dtype)

        def step(carry, inputs):
            return self.hierarchy_step(inputs[0], inputs[1], carry[1], training)

        initial = (
            tf.zeros([batch, self.output_size], self.compute_dtype),
            self.get_initial_state(batch)[:5],
        )
        time_major = (tf.transpose(embedded, [1, 0, 2]), tf.transpose(features, [1, 0, 2]))
        outputs, _ = tf.scan(step, time_major, initializer=initial)  # (T, B, out)
        return tf.transpose(outputs, [1, 0, 2])  # (B, T, H + k + 2F)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "goal_size": self.goal_size,
                "horizon": self.horizon,
                "vocabulary_size": self.leak.vocabulary_size,
                "leak_embedding_dim": self.leak.embedding_dim,
                "filter_sizes": list(self.leak.filter_sizes),
                "num_filters": list(self.leak.num_filters),
            }
        )
        return config
