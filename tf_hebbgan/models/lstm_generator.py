"""`LSTMGenerator`: the SeqGAN generator, an LSTM language model over token ids."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.config import TEMPERATURE_RANGE
from tf_hebbgan.data.tokens import check_tokens, end_mask
from tf_hebbgan.layers.plastic_lstm_cell import PlasticLSTMCell
from tf_hebbgan.models.distributed_model import DistributedModel
from tf_hebbgan.samplers.autoregressive import sample_sequences
from tf_hebbgan.samplers.gumbel import gumbel_noise, relaxed_step


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class LSTMGenerator(DistributedModel):
    """Embedding -> LSTM -> dense to the vocabulary, started from a fixed start token.

    Called on tokens `(batch, time)` it is teacher-forced: position `t` gets the embedding of
    token `t - 1` (the start token at `t = 0`) and returns the logits of `p(y_t | y_<t)`,
    `(batch, time, vocabulary_size)`. So `model.fit(tokens, tokens)` with a sparse
    cross-entropy is maximum-likelihood training.

    All weights start from N(0, 0.1), as SeqGAN's `init_matrix`, and the forget gate gets no
    extra bias.

    Args:
        vocabulary_size: number of token ids.
        embedding_dim: token embedding size.
        hidden_dim: LSTM units.
        sequence_length: length of the sequences `sample()` draws.
        start_token: the id fed before the first token.
        sample_batch_size: how many sequences `sample()` and `nll()` process at once (bounds
            memory: the logits of one batch are `batch * length * vocabulary_size` floats).
        seed: seed of the generator's `keras.random.SeedGenerator`, used by `sample()` when it
            is given no seed.
        plastic_rule: `None` for SeqGAN's LSTM, or `"hebb"` / `"oja"` for a `PlasticLSTMCell`
            (plastic candidate path; its trace is part of the state `[h, c, trace]`).
        end_token: `None` (every sequence has full length, as the oracle's), or the id that
            ends a sentence: sampling pads after it with `pad_token`, and `nll()` counts the
            positions up to and including it.
        pad_token: the id after the end token.
        neuromodulation: with a `plastic_rule`, `None` or Backpropamine's `"simple"` /
            `"retroactive"` gated trace (`PlasticLSTMCell(neuromodulation=...)`).
        **kwargs: standard `keras.Model` arguments; `dtype="mixed_bfloat16"` computes the
            vocabulary projection in bfloat16 (float32 weights and logits); the embedding and
            the LSTM stay in float32.
    """

    def __init__(
        self,
        vocabulary_size=5000,
        embedding_dim=32,
        hidden_dim=32,
        sequence_length=20,
        start_token=0,
        sample_batch_size=2000,
        seed=None,
        plastic_rule=None,
        end_token=None,
        pad_token=0,
        neuromodulation=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if neuromodulation is not None and plastic_rule is None:
            raise ValueError("`neuromodulation` needs a plastic cell: set `plastic_rule`.")
        self.neuromodulation = neuromodulation
        for field, value in (
            ("vocabulary_size", vocabulary_size),
            ("embedding_dim", embedding_dim),
            ("hidden_dim", hidden_dim),
            ("sequence_length", sequence_length),
            ("sample_batch_size", sample_batch_size),
        ):
            if not isinstance(value, (int, np.integer)) or value <= 0:
                raise ValueError(f"`{field}` must be a positive integer. Received: {value!r}")
        if not 0 <= start_token < vocabulary_size:
            raise ValueError(
                f"`start_token` must be an id in [0, {vocabulary_size}). Received: {start_token}"
            )
        self.vocabulary_size = int(vocabulary_size)
        self.embedding_dim = int(embedding_dim)
        self.hidden_dim = int(hidden_dim)
        self.sequence_length = int(sequence_length)
        self.start_token = int(start_token)
        self.sample_batch_size = int(sample_batch_size)
        self.seed = seed
        if plastic_rule not in (None, "hebb", "oja"):
            raise ValueError(f"plastic_rule must be None, 'hebb' or 'oja'; got {plastic_rule!r}.")
        self.plastic_rule = plastic_rule
        for field, value in (("end_token", end_token), ("pad_token", pad_token)):
            if value is not None and not 0 <= value < vocabulary_size:
                raise ValueError(
                    f"`{field}` must be an id in [0, {vocabulary_size}). Received: {value}"
                )
        self.end_token = None if end_token is None else int(end_token)
        self.pad_token = int(pad_token)

        # === Layers ===
        self.embedding, cell, self.output_layer = self._make_layers()
        self.lstm = keras.layers.RNN(cell, return_sequences=True, name="lstm")
        self.seed_generator = keras.random.SeedGenerator(seed, name="sample_seed")
        self._sample_function = None
        self._complete_function = None
        self._nll_function = None
        # Every shape is known here, so the model is built at once: any public method may
        # come first, eagerly or inside a tf.function or loop, and never creates a weight.
        self.build()

    def _make_layers(self):
        """The embedding, the recurrent cell and the vocabulary projection (a subclass with
        another cell overrides this)."""
        initializer = keras.initializers.RandomNormal(stddev=0.1)
        embedding = keras.layers.Embedding(
            self.vocabulary_size,
            self.embedding_dim,
            embeddings_initializer=initializer,
            name="embedding",
        )
        if self.plastic_rule is None:
            cell = keras.layers.LSTMCell(
                self.hidden_dim,
                kernel_initializer=initializer,
                recurrent_initializer=initializer,
                bias_initializer=initializer,
                unit_forget_bias=False,
                name="lstm_cell",
            )
        else:
            cell = PlasticLSTMCell(
                self.hidden_dim,
                rule=self.plastic_rule,
                neuromodulation=self.neuromodulation,
                kernel_initializer=initializer,
                recurrent_initializer=initializer,
                bias_initializer=initializer,
                name="plastic_lstm_cell",
            )
        output_layer = keras.layers.Dense(
            self.vocabulary_size,
            kernel_initializer=initializer,
            bias_initializer=initializer,
            name="logits",
            dtype=self.dtype_policy,  # Only the projection follows a mixed policy.
        )
        return embedding, cell, output_layer

    def _layer_shapes(self):
        """`(layer, input_shape)` of the embedding, the RNN and the projection (a subclass
        whose cell reads or writes other widths overrides this)."""
        return (
            (self.embedding, (None, None)),
            (self.lstm, (None, None, self.embedding_dim)),
            (self.output_layer, (None, self.cell.output_size)),
        )

    def build(self, input_shape=None):
        # Idempotent: loading a .keras file builds the model again from its build config.
        for layer, shape in self._layer_shapes():
            if not layer.built:
                layer.build(shape)
        self.built = True

    @property
    def cell(self):
        return self.lstm.cell

    # === Teacher-forced call ===

    def call(self, tokens, training=None):
        tokens = tf.cast(tokens, tf.int32)  # (B, T)
        start = tf.fill([tf.shape(tokens)[0], 1], self.start_token)  # (B, 1)
        inputs = tf.concat([start, tokens[:, :-1]], axis=1)  # (B, T)
        hidden = self._hidden_sequence(self.embedding(inputs), training)  # (B, T, H)
        return self._logits(hidden)  # (B, T, V)

    def _hidden_sequence(self, embedded, training):
        """The cell's outputs `(B, T, H)` along embedded inputs `(B, T, E)` from the initial
        state (a subclass whose cell can batch part of its step over time overrides this)."""
        return self.lstm(embedded, training=training)

    # === Step function for samplers ===

    def initial_state(self, batch_size):
        """The recurrent state before the first token: `[h, c]` (`(batch, hidden_dim)` each),
        and for a plastic cell also the trace `(batch, hidden_dim ** 2)`, all zeros."""
        return self.cell.get_initial_state(batch_size)

    def advance(self, tokens, state):
        """Feeds `tokens` `(B,)`: the hidden output `(B, H)` and the next state, no logits.

        Carrying a state along a known sequence needs no vocabulary projection, the costly
        part of a step (V = 5000 against H = 32).
        """
        return self.cell(self.embedding(tokens), state)

    def next(self, tokens, state):
        """One step: logits `(B, V)` of the token after `tokens` `(B,)`, and the next state."""
        hidden, state = self.advance(tokens, state)  # (B, H)
        return self._logits(hidden), state  # (B, V)

    def _logits(self, hidden):
        # float32 logits whatever the projection computes in: softmax, log-probabilities
        # and losses stay in float32.
        return tf.cast(self.output_layer(hidden), tf.float32)  # (..., V)

    def sequence_traces(self, tokens):
        """Per-sequence traces after reading tokens `(batch, time)`: `{layer name: (batch,
        hidden_dim, hidden_dim)}` for a plastic cell (start token first, then every token),
        empty for SeqGAN's LSTM."""
        if self.plastic_rule is None:
            return {}
        tokens = tf.cast(tokens, tf.int32)  # (B, T)
        state = self.initial_state(tf.shape(tokens)[0])
        _, state = self.advance(tf.fill([tf.shape(tokens)[0]], self.start_token), state)
        for t in range(tokens.shape[1]):
            _, state = self.advance(tokens[:, t], state)
        units = self.cell.units
        trace = tf.reshape(state[2], (-1, units, self.cell.candidate.trace_units))  # (B, H, H')
        return {self.cell.candidate.name: trace[..., :units]}  # (B, H, H): the Hebbian trace.

    # === Sampling and likelihood ===

    def sample(self, num_samples, temperature=1.0, seed=None):
        """Draws `num_samples` sequences; returns an int32 array `(num_samples, sequence_length)`.

        The same integer `seed` gives the same sequences (for the same `sample_batch_size`);
        without one, seeds come from the model's `SeedGenerator`.
        """
        return np.concatenate(list(self.sample_chunks(num_samples, temperature, seed)), axis=0)

    def sample_chunks(self, num_samples, temperature=1.0, seed=None):
        """`sample`'s sequences as they are drawn: int32 arrays of `sample_batch_size` rows
        (the last may be shorter), so that any number can be streamed in bounded memory."""
        if not isinstance(num_samples, (int, np.integer)) or num_samples <= 0:
            raise ValueError(f"`num_samples` must be a positive integer. Received: {num_samples!r}")
        _check_temperature(temperature)
        if self._sample_function is None:
            self._sample_function = tf.function(
                self.sample_batch,
                input_signature=[
                    tf.TensorSpec([], tf.int32),
                    tf.TensorSpec([], tf.float32),
                    tf.TensorSpec([2], tf.int32),
                ],
            )
        for _start, size, batch_seed in self._seeded_chunks(num_samples, seed):
            yield self._sample_function(size, float(temperature), batch_seed).numpy()

    def sample_batch(self, batch_size, temperature, seed):
        """Graph-friendly sampling: `(batch_size, sequence_length)` int32 tokens, seed `(2,)`."""
        start_tokens = tf.fill([batch_size], self.start_token)  # (B,)
        tokens, _ = sample_sequences(
            self.next,
            self.initial_state(batch_size),
            start_tokens,
            self.sequence_length,
            seed,
            temperature,
            end_token=self.end_token,
            pad_token=self.pad_token,
        )
        return tokens  # (B, T)

    def complete_batch(self, prefixes, lengths, temperature, seed):
        """Completions of prefixes: `(B, T)` int32 tokens whose first `lengths[b]` of row `b`
        are `prefixes[b]` (int32 `(B, T)`, the rest ignored); seed `(2,)`, graph-friendly."""
        prefixes = tf.convert_to_tensor(prefixes, tf.int32)  # (B, T)
        batch_size = tf.shape(prefixes)[0]
        tokens, _ = sample_sequences(
            self.next,
            self.initial_state(batch_size),
            tf.fill([batch_size], self.start_token),
            self.sequence_length,
            seed,
            temperature,
            end_token=self.end_token,
            pad_token=self.pad_token,
            forced=(prefixes, tf.convert_to_tensor(lengths, tf.int32)),
        )
        return tokens  # (B, T)

    def complete(self, prefixes, lengths, temperature=1.0, seed=None):
        """Completions of token prefixes: int32 `(N, T)`, row `b` starting with the first
        `lengths[b]` tokens of `prefixes[b]` (int32 `(N, T)`). Seeded as `sample` is: the
        same integer `seed` with lengths 0 gives `sample`'s sequences."""
        return np.concatenate(list(self.complete_chunks(prefixes, lengths, temperature, seed)))

    def complete_chunks(self, prefixes, lengths, temperature=1.0, seed=None):
        """`complete`'s rows as they are drawn, `sample_batch_size` at a time."""
        prefixes, lengths = np.asarray(prefixes, np.int32), np.asarray(lengths, np.int32)
        if prefixes.ndim != 2 or prefixes.shape[1] != self.sequence_length:
            raise ValueError(
                f"`prefixes` must be (N, {self.sequence_length}) token ids. Received: "
                f"{prefixes.shape}"
            )
        if lengths.shape != prefixes.shape[:1] or not np.all(
            (lengths >= 0) & (lengths < self.sequence_length)
        ):
            raise ValueError(
                f"`lengths` must be N values in [0, {self.sequence_length}). Received: {lengths}"
            )
        _check_temperature(temperature)
        if self._complete_function is None:
            self._complete_function = tf.function(
                self.complete_batch,
                input_signature=[
                    tf.TensorSpec([None, self.sequence_length], tf.int32),
                    tf.TensorSpec([None], tf.int32),
                    tf.TensorSpec([], tf.float32),
                    tf.TensorSpec([2], tf.int32),
                ],
            )
        for start, size, batch_seed in self._seeded_chunks(len(prefixes), seed):
            rows = slice(start, start + size)
            yield self._complete_function(
                prefixes[rows], lengths[rows], float(temperature), batch_seed
            ).numpy()

    def _seeded_chunks(self, total, seed):
        """`(start, size, seed (2,))` of each chunk of `sample_batch_size` rows of `total`:
        the one seeding `sample`, `complete` and the exported signatures share. The base seed
        is drawn when the first chunk is asked for (from `seed_generator` without a `seed`)."""
        if seed is None:
            base_seed = tf.cast(self.seed_generator.next(), tf.int32)
        elif not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError(f"`seed` must be an integer or None. Received: {seed!r}")
        else:
            base_seed = tf.constant([0, int(seed) % 2**31], tf.int32)
        for index, start in enumerate(range(0, total, self.sample_batch_size)):
            size = min(self.sample_batch_size, total - start)
            yield start, size, tf.random.experimental.stateless_fold_in(base_seed, index)

    def sample_relaxed(self, batch_size, temperature, seed, offset=0, total=None, noise=None):
        """Gumbel-softmax sampling, differentiable in the weights (GSGAN, RelGAN).

        Each step draws Gumbel noise `g` once: the token `argmax(logits + g)` (an exact draw,
        fed back as the next input) and the relaxed one-hot `softmax((logits + g) /
        temperature)` (what the discriminator reads, so its gradient reaches the generator).
        With an `end_token`, positions after it hold the pad token, one-hot.

        Args:
            batch_size: a Python int or scalar tensor.
            temperature: scalar > 0; RelGAN's inverse temperature beta is `1 / temperature`.
            seed: `(2,)` int32 stateless seed; step `t` draws with `fold_in(seed, t)`.
            offset, total: draw rows `offset .. offset + batch_size` of the noise of `total`
                rows (default `batch_size`): a replica's share of a global batch gets the
                numbers that the global batch drawn on one device would.
            noise: the Gumbel noise `(T, B, V)` itself, in place of drawing it from `seed`.
                TensorFlow's XLA Philox kernel gives other numbers than the plain one for the
                same seed, so a test that compares the two paths passes the noise.

        Returns:
            tokens `(B, T)` int32 and the relaxed one-hot sequences `(B, T, V)` float32.
        """
        tokens = tf.fill([batch_size], self.start_token)  # (B,)
        state = self.initial_state(batch_size)
        finished = tf.zeros([batch_size], tf.bool)  # (B,)
        pad = tf.one_hot(self.pad_token, self.vocabulary_size)  # (V,)
        sampled, relaxed = [], []
        for t in range(self.sequence_length):
            logits, state = self.next(tokens, state)  # (B, V)
            # Philox named, as in `gumbel_noise`: XLA's "auto_select" folds otherwise.
            step_seed = tf.random.experimental.stateless_fold_in(seed, t, alg="philox")
            if noise is None:
                step_noise = gumbel_noise([total or batch_size, self.vocabulary_size], step_seed)
                step_noise = step_noise[offset : offset + batch_size]  # (B, V)
            else:
                step_noise = noise[t]  # (B, V)
            tokens, soft = relaxed_step(logits, temperature, noise=step_noise)  # (B,), (B, V)
            if self.end_token is not None:
                tokens = tf.where(finished, self.pad_token, tokens)
                soft = tf.where(finished[:, None], pad[None], soft)
                finished = finished | tf.equal(tokens, self.end_token)
            sampled.append(tokens)
            relaxed.append(soft)
        return tf.stack(sampled, axis=1), tf.stack(relaxed, axis=1)  # (B, T), (B, T, V)

    def nll(self, tokens, temperature=1.0):
        """Mean per-token negative log-likelihood of each sequence: float32 `(num_sequences,)`.

        With an `end_token`, the mean over the positions up to and including it.

        With `temperature`, of the tempered model `softmax(logits / temperature)`, the
        distribution that `sample(..., temperature)` draws from.
        """
        tokens = check_tokens(tokens, self.vocabulary_size)
        if not temperature > 0:
            raise ValueError(f"temperature must be > 0; got {temperature}.")
        if self._nll_function is None:
            self._nll_function = tf.function(
                self._nll_batch,
                input_signature=[
                    tf.TensorSpec([None, None], tf.int32),
                    tf.TensorSpec([], tf.float32),
                ],
            )
        temperature = tf.constant(temperature, tf.float32)
        batches = [
            self._nll_function(tokens[start : start + self.sample_batch_size], temperature).numpy()
            for start in range(0, len(tokens), self.sample_batch_size)
        ]
        return np.concatenate(batches, axis=0)

    def _nll_batch(self, tokens, temperature):
        logits = self(tokens, training=False) / temperature  # (B, T, V)
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, logits)  # (B, T)
        if self.end_token is None:
            return tf.reduce_mean(losses, axis=1)  # (B,)
        mask = end_mask(tokens, self.end_token)  # (B, T): up to the end token.
        return tf.reduce_sum(losses * mask, axis=1) / tf.reduce_sum(mask, axis=1)  # (B,)

    # === Config ===

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocabulary_size": self.vocabulary_size,
                "embedding_dim": self.embedding_dim,
                "hidden_dim": self.hidden_dim,
                "sequence_length": self.sequence_length,
                "start_token": self.start_token,
                "sample_batch_size": self.sample_batch_size,
                "seed": self.seed,
                "plastic_rule": self.plastic_rule,
                "end_token": self.end_token,
                "pad_token": self.pad_token,
                "neuromodulation": self.neuromodulation,
            }
        )
        return config


def _check_temperature(temperature):
    low, high = TEMPERATURE_RANGE
    if not low <= float(temperature) <= high:
        raise ValueError(
            f"`temperature` must lie in [{low:g}, {high:g}] (float32 logits divided by it "
            f"stay finite). Received: {temperature}"
        )
