"""`TokenAndIdEmbedding`: an `Embedding` whose output also carries the token id."""

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="tf_hebbgan")
class TokenAndIdEmbedding(keras.layers.Embedding):
    """An `Embedding` whose output carries the token id too, as a last float column (exact
    for ids below 2**24): a `LeakGANCell` embeds the id again with the discriminator's table.

    Example:

    ```python
    layer = TokenAndIdEmbedding(10, 4)
    layer(tf.constant([[3, 7]]))  # (1, 2, 5): 4 embedding values, then 3.0 / 7.0
    ```
    """

    def call(self, inputs):
        embedded = super().call(inputs)  # (..., E)
        ids = tf.cast(inputs, embedded.dtype)[..., None]  # (..., 1)
        return tf.concat([embedded, ids], axis=-1)  # (..., E + 1)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim + 1)
