"""`LeakGANGenerator`: its cell reads the leaked features of each prefix, the worker's goal
direction and logits are the paper's, teacher forcing and sampling agree, and it trains,
samples, rolls out and round-trips as the other generators."""

import keras
import numpy as np
import tensorflow as tf

from tf_hebbgan.losses.leakgan import goal_sums, manager_cosines
from tf_hebbgan.models import CNNDiscriminator, LeakGANGenerator
from tf_hebbgan.samplers import rollout_rewards

VOCAB, LENGTH, SIZES, COUNTS, H, K, C = 9, 7, (1, 2, 3), (4, 3, 2), 5, 3, 2
TOKENS = np.random.default_rng(2).integers(0, VOCAB, (4, LENGTH)).astype("int32")


def make(seed=0):
    keras.utils.set_random_seed(seed)
    generator = LeakGANGenerator(
        VOCAB, 6, H, goal_size=K, horizon=C, leak_embedding_dim=4, filter_sizes=SIZES,
        num_filters=COUNTS, sequence_length=LENGTH, seed=seed,
    )  # fmt: skip
    discriminator = CNNDiscriminator(VOCAB, LENGTH, 4, SIZES, COUNTS, dropout=0.0)
    for weight in discriminator.weights:
        weight.assign(weight + tf.random.normal(weight.shape, stddev=0.3))
    generator.leak_from(discriminator)
    return generator, discriminator


def cell_outputs(generator, tokens, training=None):
    """The cell stepped along `tokens`, the leak streamed token by token: `(B, T, H + K + 2F)`."""
    start = np.full((len(tokens), 1), generator.start_token, "int32")
    inputs = np.concatenate([start, tokens[:, :-1]], axis=1)
    return generator.lstm(generator.embedding(inputs), training=training)


def test_the_cell_reads_the_features_of_each_prefix_before_its_token():
    generator, discriminator = make()
    _, features, goals = generator.hierarchy(TOKENS)
    leaked = generator.leaked_features(TOKENS).numpy()  # (B, T + 1, F)
    np.testing.assert_allclose(features, leaked[:, :LENGTH], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(  # Row t + 1: the discriminator's prefix of t + 1 tokens.
        leaked[:, 1:], discriminator.prefix_features(TOKENS), rtol=1e-5, atol=1e-6
    )
    np.testing.assert_allclose(np.linalg.norm(goals, axis=-1), 1.0, rtol=1e-5)


def test_the_worker_follows_the_projected_sum_of_the_last_goals_and_scores_o_t_w_t():
    generator, _ = make()
    outputs = cell_outputs(generator, TOKENS).numpy()
    hidden, direction = outputs[..., :H], outputs[..., H : H + K]  # The layout, by hand.
    goals = outputs[..., H + K + generator.feature_dim :]  # (B, T, F)
    features = outputs[..., H + K : H + K + generator.feature_dim]
    for part, expected in zip(
        generator.cell.split_output(outputs), (hidden, direction, features, goals), strict=True
    ):
        np.testing.assert_array_equal(part, expected)
    initial = tf.math.l2_normalize(generator.cell.initial_goal).numpy()
    sums = goal_sums(goals, C).numpy()
    sums[:, :C] += initial  # g_{-1}: the learned initial goal, in the first c windows.
    psi = generator.cell.projection.kernel.numpy()  # (F, K)
    expected = tf.math.l2_normalize(sums @ psi, axis=-1).numpy()
    np.testing.assert_allclose(direction, expected, rtol=1e-5, atol=1e-6)
    kernel = generator.output_layer.kernel.numpy().reshape(H + 1, K, VOCAB)
    with_one = np.concatenate([hidden, np.ones_like(hidden[..., :1])], axis=-1)
    o_t = np.einsum("bth,hkv->btvk", with_one, kernel)  # (B, T, V, K): O_t.
    logits = np.einsum("btvk,btk->btv", o_t, direction)
    np.testing.assert_allclose(generator(TOKENS), logits, rtol=1e-4, atol=1e-5)


def test_teacher_forcing_and_the_step_function_agree():
    generator, _ = make()
    teacher = generator(TOKENS).numpy()
    state = generator.initial_state(len(TOKENS))
    tokens = np.full(len(TOKENS), generator.start_token, "int32")
    for t in range(LENGTH):
        logits, state = generator.next(tokens, state)
        np.testing.assert_allclose(logits, teacher[:, t], rtol=1e-5, atol=1e-5)
        tokens = TOKENS[:, t]


def test_the_batched_leak_gives_the_streamed_outputs_and_gradients():
    generator, _ = make()
    streamed = cell_outputs(generator, TOKENS)  # The leak stepped per token.
    _, _, streamed_features, streamed_goals = generator.cell.split_output(streamed)
    logits, features, goals = generator.hierarchy(TOKENS)  # Every prefix's features at once.
    np.testing.assert_allclose(features, streamed_features, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(goals, streamed_goals, atol=1e-6)
    np.testing.assert_allclose(logits, generator._logits(streamed), rtol=1e-5, atol=1e-6)

    def gradients(form):
        with tf.GradientTape() as tape:
            logits, features, goals = form()
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(TOKENS, logits))
            loss -= tf.reduce_mean(manager_cosines(features, goals, C))
        return tape.gradient(loss, generator.trainable_weights)

    def stepped():
        outputs = cell_outputs(generator, TOKENS, training=True)
        _, _, features, goals = generator.cell.split_output(outputs)
        return generator._logits(outputs), features, goals

    expected = gradients(stepped)
    for got, want in zip(gradients(lambda: generator.hierarchy(TOKENS)), expected, strict=True):
        np.testing.assert_allclose(
            tf.convert_to_tensor(got), tf.convert_to_tensor(want), rtol=1e-4, atol=1e-6
        )


def test_samples_rollouts_and_likelihoods():
    generator, discriminator = make()
    samples = generator.sample(6, seed=3)
    assert samples.shape == (6, LENGTH) and samples.max() < VOCAB
    np.testing.assert_array_equal(samples, generator.sample(6, seed=3))
    assert np.all(np.isfinite(generator.nll(samples)))
    rewards = rollout_rewards(
        generator, samples, discriminator.probability_real, 2, tf.constant([0, 1])
    )
    assert rewards.shape == (6, LENGTH) and np.all((rewards.numpy() >= 0) & (rewards <= 1))


def test_fit_adds_the_managers_goal_loss_and_trains_both_modules():
    generator, _ = make()
    generator.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    logits, features, goals = generator.hierarchy(TOKENS)
    cross_entropy = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(TOKENS, logits)
    goal_loss = -tf.reduce_mean(manager_cosines(features, goals, C))
    manager = generator.cell.manager.get_weights()
    leak = [w.numpy().copy() for w in generator.cell.leak.weights]
    history = generator.fit(TOKENS, TOKENS, epochs=3, batch_size=4, verbose=0).history
    # One batch an epoch: the first epoch's loss is that of the starting weights.
    np.testing.assert_allclose(history["loss"][0], cross_entropy + goal_loss, rtol=1e-5)
    assert history["loss"][-1] < history["loss"][0]
    trained = generator.cell.manager.get_weights()
    assert any(not np.allclose(a, b) for a, b in zip(manager, trained, strict=True))
    for before, after in zip(leak, generator.cell.leak.weights, strict=True):
        np.testing.assert_array_equal(after, before)  # The leak is the discriminator's.
    generator.trainable = True  # Keras passes this on to sublayers: not to the leak's weights.
    assert all(not weight.trainable for weight in generator.cell.leak.weights)


def test_config_and_keras_file_round_trip(tmp_path):
    generator, _ = make()
    copy = LeakGANGenerator.from_config(generator.get_config())
    assert copy.get_config() == generator.get_config()
    path = str(tmp_path / "leakgan.keras")
    generator.save(path)
    loaded = keras.models.load_model(path)
    assert isinstance(loaded, LeakGANGenerator)
    np.testing.assert_allclose(loaded(TOKENS), generator(TOKENS), rtol=1e-6)
    np.testing.assert_array_equal(loaded.sample(3, seed=1), generator.sample(3, seed=1))
