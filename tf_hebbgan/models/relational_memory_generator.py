"""`RelationalMemoryGenerator`: RelGAN's generator, a relational-memory language model."""

import keras
import tensorflow as tf

from tf_hebbgan.layers.relational_memory_cell import RelationalMemoryCell
from tf_hebbgan.models.lstm_generator import LSTMGenerator


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class RelationalMemoryGenerator(LSTMGenerator):
    """Embedding -> `RelationalMemoryCell` -> dense to the vocabulary (Nie et al. 2019).

    Everything but the cell is `LSTMGenerator`'s: the teacher-forced call that `fit` trains by
    MLE, `sample()`, `nll()`, `sample_relaxed()` for the adversarial phase, and so NLL-oracle,
    BLEU, export and `hebbgan sample`. RelGAN's sizes are the defaults: embedding 32, 1 memory
    slot, 2 heads of size 256 (a 512-wide output); weights start as RelGAN's linear layers,
    truncated normal with stddev `1 / sqrt(fan_in)`, zero biases.

    Args:
        vocabulary_size, embedding_dim, sequence_length, start_token, sample_batch_size,
            seed, end_token, pad_token: as `LSTMGenerator`.
        mem_slots, num_heads, head_size: the `RelationalMemoryCell`'s.
        **kwargs: standard `keras.Model` arguments.

    Example:

    ```python
    generator = RelationalMemoryGenerator(vocabulary_size=10, head_size=8, sequence_length=5)
    tokens = generator.sample(4, seed=0)  # (4, 5) int32
    tokens, relaxed = generator.sample_relaxed(4, 0.1, tf.constant([0, 1]))  # + (4, 5, 10)
    ```
    """

    def __init__(
        self,
        vocabulary_size=5000,
        embedding_dim=32,
        mem_slots=1,
        num_heads=2,
        head_size=256,
        sequence_length=20,
        start_token=0,
        sample_batch_size=2000,
        seed=None,
        end_token=None,
        pad_token=0,
        **kwargs,
    ):
        self._cell_arguments = dict(mem_slots=mem_slots, num_heads=num_heads, head_size=head_size)
        super().__init__(
            vocabulary_size=vocabulary_size,
            embedding_dim=embedding_dim,
            hidden_dim=mem_slots * num_heads * head_size,
            sequence_length=sequence_length,
            start_token=start_token,
            sample_batch_size=sample_batch_size,
            seed=seed,
            end_token=end_token,
            pad_token=pad_token,
            **kwargs,
        )
        self.mem_slots = mem_slots
        self.num_heads = num_heads
        self.head_size = head_size

    def _make_layers(self):
        embedding = keras.layers.Embedding(
            self.vocabulary_size,
            self.embedding_dim,
            embeddings_initializer=keras.initializers.TruncatedNormal(
                stddev=self.vocabulary_size**-0.5
            ),
            name="embedding",
        )
        cell = RelationalMemoryCell(**self._cell_arguments, name="relational_memory_cell")
        output_layer = keras.layers.Dense(
            self.vocabulary_size,
            kernel_initializer=keras.initializers.TruncatedNormal(stddev=cell.output_size**-0.5),
            bias_initializer="zeros",
            name="logits",
            dtype=self.dtype_policy,  # Only the projection follows a mixed policy.
        )
        return embedding, cell, output_layer

    def _hidden_sequence(self, embedded, training):
        # The input's share of every step in one product over the sequence; only the
        # memory's share runs step by step (docs/performance.md, "RelGAN at the paper's
        # sizes").
        features = self.cell.input_features(embedded)  # Each (B, T, F_i).
        initial = self.cell.get_initial_state(tf.shape(embedded)[0])[0]  # (B, N*M)
        memories = tf.scan(
            lambda state, step_features: self.cell.step(step_features, [state])[0],
            tuple(tf.transpose(part, (1, 0, 2)) for part in features),  # Each (T, B, F_i).
            initializer=initial,
        )  # (T, B, N*M)
        return tf.transpose(memories, (1, 0, 2))  # (B, T, N*M)

    def get_config(self):
        config = super().get_config()
        del config["hidden_dim"], config["plastic_rule"], config["neuromodulation"]
        config.update(self._cell_arguments)
        return config
