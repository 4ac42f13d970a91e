"""`CNNRanker`: RankGAN's ranker (Lin et al. 2017), SeqGAN's CNN features ranked by their
cosine relevance to real reference sentences that the model holds."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from tf_hebbgan.distribute import gather_batch
from tf_hebbgan.layers.highway import Highway
from tf_hebbgan.losses.ranking import batch_log_rank, cosine_relevance, log_rank, ranker_loss
from tf_hebbgan.models.cnn_discriminator import SEQGAN_FILTER_SIZES, SEQGAN_NUM_FILTERS
from tf_hebbgan.models.discriminator_parts import (
    body_shapes,
    build_layers,
    check_filters,
    embedding_and_convolutions,
    max_pooled,
)
from tf_hebbgan.models.distributed_model import DistributedModel


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class CNNRanker(DistributedModel):
    """Embedding -> Conv1D + ReLU + max over time per filter size -> Highway -> dropout: a
    feature vector per sentence, ranked by cosine relevance to real reference sentences.

    Called on tokens `(batch, time)` it returns their features `(batch, sum(num_filters))`.
    The model holds two sets of real sentences (`set_real()`; saved with its weights): the
    references `U` and the comparison set `C+`. `probability_real(tokens)` is RankGAN's rank
    score `R(s | U, C+)` of each sentence, `exp log_rank`, in (0, 1]: the generator's reward,
    and what `score` exports. `fit` on `(tokens, labels)` batches (1 for real) trains it with
    RankGAN's ranker loss: each real sentence ranked against the batch's generated ones and
    each generated one against the batch's real ones, relative to the references
    (`batch_log_rank`, `ranker_loss`); the compiled loss and metrics are not used.

    Args:
        vocabulary_size, sequence_length, embedding_dim, filter_sizes, num_filters, dropout,
            gate_bias: as `CNNDiscriminator` (SeqGAN's defaults).
        gamma: the inverse temperature of the ranking softmax (RankGAN: 1).
        num_references: sentences in `U`.
        num_comparison: sentences in `C+`.
        **kwargs: standard `keras.Model` arguments.

    Example:

    ```python
    rng = np.random.default_rng(0)
    real = rng.integers(0, 10, (24, 5)).astype("int32")  # (N, T) token ids
    generated = rng.integers(0, 10, (8, 5)).astype("int32")
    ranker = CNNRanker(10, 5, 8, (1, 2), (3, 3), num_references=3, num_comparison=5)
    ranker.set_real(real[:3], real[3:8])  # the references U and the comparison set C+
    ranker.compile(optimizer="adam")
    tokens = np.concatenate([real[8:16], generated])  # (16, T)
    labels = np.concatenate([np.ones(8), np.zeros(8)])  # 1 real, 0 generated
    ranker.fit(tokens, labels, batch_size=8, verbose=0)
    reward = ranker.probability_real(generated)  # (8,) in (0, 1]
    ```
    """

    def __init__(
        self,
        vocabulary_size=5000,
        sequence_length=20,
        embedding_dim=64,
        filter_sizes=SEQGAN_FILTER_SIZES,
        num_filters=SEQGAN_NUM_FILTERS,
        dropout=0.25,
        gate_bias=0.0,
        gamma=1.0,
        num_references=16,
        num_comparison=64,
        **kwargs,
    ):
        super().__init__(**kwargs)
        filter_sizes, num_filters = check_filters(
            filter_sizes, num_filters, sequence_length, dropout, None
        )
        if not gamma > 0.0:
            raise ValueError(f"gamma must be positive; got {gamma}.")
        if num_references < 1 or num_comparison < 1:
            raise ValueError(
                f"num_references and num_comparison must be at least 1; got {num_references} "
                f"and {num_comparison}."
            )
        self.vocabulary_size = vocabulary_size
        self.sequence_length = sequence_length
        self.embedding_dim = embedding_dim
        self.filter_sizes = filter_sizes
        self.num_filters = num_filters
        self.dropout = dropout
        self.gate_bias = gate_bias
        self.gamma = float(gamma)
        self.num_references = num_references
        self.num_comparison = num_comparison

        # === Layers ===
        self.embedding, self.convolutions = embedding_and_convolutions(
            vocabulary_size, embedding_dim, filter_sizes, num_filters, self.dtype_policy
        )
        self.highway = Highway(gate_bias=gate_bias, name="highway", dtype=self.dtype_policy)
        self.dropout_layer = keras.layers.Dropout(dropout, name="dropout", dtype=self.dtype_policy)

        # === State ===
        self.references = self._real_set(num_references, "references")
        self.comparison = self._real_set(num_comparison, "comparison")
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.build()

    def _real_set(self, rows, name):
        return self.add_weight(
            shape=(rows, self.sequence_length),
            dtype="int32",
            initializer="zeros",
            trainable=False,
            name=name,
        )

    @property
    def feature_dim(self):
        return sum(self.num_filters)

    def build(self, input_shape=None):
        shapes = body_shapes(
            self.embedding, self.convolutions, self.sequence_length, self.embedding_dim
        )
        shapes += [(self.highway, (None, self.feature_dim))]
        build_layers(shapes)
        self.built = True

    @property
    def stateful_trace(self):
        """A ranker carries no trace across batches."""
        return False

    def sequence_traces(self, tokens):
        """A ranker has no plastic layer: no traces."""
        del tokens
        return {}

    def set_real(self, references, comparison):
        """Takes `references` `(num_references, T)` and `comparison` `(num_comparison, T)`
        real token ids as `U` and `C+`."""
        for variable, tokens, name in (
            (self.references, references, "references"),
            (self.comparison, comparison, "comparison"),
        ):
            tokens = np.asarray(tokens)
            if tokens.shape != tuple(variable.shape):
                raise ValueError(
                    f"{name} must have shape {tuple(variable.shape)}; got {tokens.shape}."
                )
            variable.assign(tokens.astype("int32"))

    def features(self, tokens, training=None):
        """The highway features `(batch, sum(num_filters))` of tokens `(batch, time)`, with
        dropout when `training`."""
        features = self.highway(max_pooled(self.embedding, self.convolutions, tokens))  # (B, F)
        return ops.cast(self.dropout_layer(features, training=training), "float32")

    def call(self, tokens, training=None):
        return self.features(tokens, training)  # (B, F)

    def probability_real(self, tokens):
        """The rank score `R(s | U, C+)` `(batch,)` of tokens `(batch, time)`, at inference."""
        return self.rank_scorer()(tokens)

    def rank_scorer(self):
        """`probability_real` as a function whose features of `C+` and `U` are computed once,
        here: for scoring many batches with the same weights (every prefix length of a
        generator step's rollouts)."""
        comparison = self.features(self.comparison)  # (C, F)
        references = self.features(self.references)  # (U, F)

        def score(tokens):
            return ops.exp(log_rank(self.features(tokens), comparison, references, self.gamma))

        return score

    def accuracies(self, positives, negatives):
        """`(real, fake)`: the fraction of `positives` more relevant to the references than
        the median of `negatives`, and of `negatives` less relevant than the median of
        `positives` (relevance: mean cosine to `U`); 0.5 each at chance."""
        references = self.features(self.references)
        real, fake = (
            np.asarray(ops.mean(cosine_relevance(self.features(tokens), references), axis=-1))
            for tokens in (positives, negatives)
        )
        return float(np.mean(real > np.median(fake))), float(np.mean(fake < np.median(real)))

    # === Training ===

    @property
    def metrics(self):
        return [self.loss_tracker]

    def train_step(self, data):
        tokens, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        context = tf.distribute.get_replica_context()
        num_replicas = context.num_replicas_in_sync
        variables = self.trainable_variables
        with tf.GradientTape() as tape:
            features = self.features(tokens, training=True)  # (b, F)
            if num_replicas > 1:  # Every replica ranks the whole batch, as one device does.
                features = gather_batch(features)  # (n b, F)
                labels = gather_batch(labels)  # (n b,)
            references = self.features(self.references, training=True)  # (U, F)
            log_ranks = batch_log_rank(features, labels, references, self.gamma)  # (n b,)
            loss = ranker_loss(log_ranks, labels)
            # The replicas' gradients are summed: each brings its share's features and
            # 1 / n of the references'.
            scaled = loss / num_replicas
        self.optimizer.apply(tape.gradient(scaled, variables), variables)
        self.loss_tracker.update_state(loss)
        return self.per_worker_logs({"loss": self.loss_tracker.result()})

    # === Config ===

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocabulary_size": self.vocabulary_size,
                "sequence_length": self.sequence_length,
                "embedding_dim": self.embedding_dim,
                "filter_sizes": list(self.filter_sizes),
                "num_filters": list(self.num_filters),
                "dropout": self.dropout,
                "gate_bias": self.gate_bias,
                "gamma": self.gamma,
                "num_references": self.num_references,
                "num_comparison": self.num_comparison,
            }
        )
        return config
