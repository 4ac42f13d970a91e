"""Precision: `auto` follows the hardware; bf16 discriminators score as the float32 ones."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tf_hebbgan.config import apply_overrides, load_preset
from tf_hebbgan.models import CNNDiscriminator, CNNRanker, LSTMGenerator, RelGANDiscriminator
from tf_hebbgan.precision import measured_bf16_speedup, resolve_precision
from tf_hebbgan.samplers.rollout import rollout_rewards
from tf_hebbgan.trainers import experiment


def assert_scores_close(float32, bf16, tokens):
    """`bf16`'s float32 scores of `tokens` within 0.02 of `float32`'s, and not equal to them."""
    p32 = np.asarray(float32.probability_real(tokens))
    p16 = np.asarray(bf16.probability_real(tokens))
    assert p16.dtype == np.float32
    np.testing.assert_allclose(p16, p32, atol=0.02)
    assert np.abs(p16 - p32).max() > 0  # bf16 did compute in bf16.


def test_auto_follows_the_measurement():
    # A CPU whose bf16 matmul is slower (an AVX512_BF16 CPU without AMX, measured 0.7x).
    assert resolve_precision("auto", gpu_bf16=False, speedup=0.7) == "float32"
    assert resolve_precision("auto", gpu_bf16=False, speedup=1.1) == "float32"
    assert resolve_precision("auto", gpu_bf16=False, speedup=1.9) == "mixed_bfloat16"
    assert resolve_precision("auto", gpu_bf16=True, speedup=0.5) == "mixed_bfloat16"
    assert resolve_precision("float32", speedup=4.0) == "float32"
    assert resolve_precision("mixed_bfloat16", speedup=0.5) == "mixed_bfloat16"
    with pytest.raises(ValueError, match="precision must be one of"):
        resolve_precision("bf16")


def test_the_measurement_is_a_positive_ratio_taken_once():
    speedup = measured_bf16_speedup(size=128, rounds=1)
    assert speedup > 0 and measured_bf16_speedup(size=128, rounds=1) == speedup


@pytest.mark.parametrize("plasticity", [None, "output_stateful", "highway_stateful"])
def test_bf16_discriminator_scores_and_rewards_as_float32(plasticity):
    """Tolerance: 0.02 on P(real) and on rewards, bf16's ~3 significant digits through a
    highway of 120 features; the logits and the softmax are float32 in both."""
    kwargs = dict(
        vocabulary_size=50,
        sequence_length=10,
        embedding_dim=16,
        filter_sizes=(2, 3, 5),
        num_filters=(40, 40, 40),
        plasticity=plasticity,
    )
    float32 = CNNDiscriminator(**kwargs)
    bf16 = CNNDiscriminator(**kwargs, dtype="mixed_bfloat16")
    bf16.set_weights(float32.get_weights())
    assert bf16.highway.compute_dtype == "bfloat16" and bf16.output_layer.compute_dtype == "float32"
    tokens = np.random.default_rng(0).integers(0, 50, (64, 10)).astype("int32")
    if plasticity:  # One training batch writes the stateful trace (float32 in both).
        float32(tokens, training=True)
        bf16(tokens, training=True)
    assert_scores_close(float32, bf16, tokens)
    generator = LSTMGenerator(50, 8, 8, 10)
    samples = generator.sample(8, seed=1)
    seed = np.array([0, 3], "int32")
    r32 = rollout_rewards(generator, samples, float32.probability_real, 4, seed)
    r16 = rollout_rewards(generator, samples, bf16.probability_real, 4, seed)
    np.testing.assert_allclose(np.asarray(r16), np.asarray(r32), atol=0.02)


def test_a_bf16_run_records_its_precision_and_saves_its_policy(tmp_path):
    config = apply_overrides(
        load_preset("seqgan_tiny"), ["precision=mixed_bfloat16", "adversarial_epochs=1"]
    )
    results = experiment.train(config, str(tmp_path / "run"), verbose=0)
    assert results["precision"] == "mixed_bfloat16" and np.isfinite(results["nll_oracle"])
    from tf_hebbgan.gan import GAN

    GAN.from_run(str(tmp_path / "run")).save(str(tmp_path / "gan"))
    loaded = keras.saving.load_model(str(tmp_path / "gan" / "discriminator.keras"))
    assert loaded.highway.compute_dtype == "bfloat16"
    with pytest.raises(ValueError, match="precision must be"):
        apply_overrides(load_preset("seqgan_tiny"), ["precision=half"]).validate()


def test_bf16_generator_projection_gives_float32_logits_close_to_float32(tmp_path):
    """Only the vocabulary projection follows the policy; logits, sampling and NLL stay float32
    and within bf16's rounding of the float32 model's (0.01 on logits of N(0, 0.1) weights)."""
    float32 = LSTMGenerator(50, 8, 8, 6, seed=0)
    bf16 = LSTMGenerator(50, 8, 8, 6, seed=0, dtype="mixed_bfloat16")
    bf16.set_weights(float32.get_weights())
    assert bf16.output_layer.compute_dtype == "bfloat16" and bf16.cell.compute_dtype == "float32"
    tokens = np.random.default_rng(0).integers(0, 50, (4, 6)).astype("int32")
    l32, l16 = np.asarray(float32(tokens)), np.asarray(bf16(tokens))
    assert l16.dtype == np.float32 and 0 < np.abs(l16 - l32).max() < 0.01
    np.testing.assert_allclose(bf16.nll(tokens), float32.nll(tokens), atol=0.01)
    assert bf16.sample(3, seed=1).shape == (3, 6)
    bf16.save(tmp_path / "g.keras")
    loaded = keras.saving.load_model(tmp_path / "g.keras")
    assert loaded.output_layer.compute_dtype == "bfloat16"
    np.testing.assert_array_equal(np.asarray(loaded(tokens)), l16)


@pytest.mark.parametrize("plasticity", [None, "output_stateful"])
def test_bf16_relgan_discriminator_logits_and_gradient_are_float32(plasticity):
    """RelGAN's discriminator under the bf16 policy: its body in bf16, its logits float32 and
    within bf16's rounding of the float32 model's, for token ids and for relaxed one-hots
    (whose gradient reaches the generator in float32)."""
    kwargs = dict(embedding_dim=8, num_rep=4, num_filters=(16,) * 4, plasticity=plasticity)
    float32 = RelGANDiscriminator(50, 10, **kwargs)
    bf16 = RelGANDiscriminator(50, 10, **kwargs, dtype="mixed_bfloat16")
    bf16.set_weights(float32.get_weights())
    assert bf16.highway.compute_dtype == "bfloat16"
    tokens = np.random.default_rng(0).integers(0, 50, (8, 10)).astype("int32")
    relaxed = tf.nn.softmax(tf.random.stateless_normal([8, 10, 50], [0, 1]) * 3.0)  # (B, T, V)
    for inputs in (tokens, relaxed):
        l32, l16 = np.asarray(float32(inputs)), np.asarray(bf16(inputs))
        assert l16.dtype == np.float32 and l16.shape == (8, 4)
        assert 0 < np.abs(l16 - l32).max() < 0.05
    with tf.GradientTape() as tape:
        tape.watch(relaxed)
        logit = tf.reduce_sum(bf16(relaxed))
    gradient = tape.gradient(logit, relaxed)
    assert gradient.dtype == tf.float32 and np.all(np.isfinite(gradient))


def test_bf16_ranker_scores_as_float32():
    kwargs = dict(num_references=3, num_comparison=5, dropout=0.0)
    float32 = CNNRanker(50, 10, 16, (2, 3), (20, 20), **kwargs)
    bf16 = CNNRanker(50, 10, 16, (2, 3), (20, 20), **kwargs, dtype="mixed_bfloat16")
    tokens = np.random.default_rng(1).integers(0, 50, (16, 10)).astype("int32")
    float32(tokens)
    bf16(tokens)
    bf16.set_weights(float32.get_weights())
    for ranker in (float32, bf16):
        ranker.set_real(tokens[:3], tokens[3:8])
    assert bf16.highway.compute_dtype == "bfloat16"
    assert_scores_close(float32, bf16, tokens)


@pytest.mark.parametrize(
    "preset", ["seqgan_tiny", "maligan_tiny", "rankgan_tiny", "leakgan_tiny", "relgan_tiny"]
)
def test_every_method_builds_its_discriminator_in_the_run_precision(preset):
    from tf_hebbgan.trainers.families import adversarial_phase

    for precision, body in (("float32", "float32"), ("mixed_bfloat16", "bfloat16")):
        config = apply_overrides(load_preset(preset), [f"precision={precision}"])
        discriminator = adversarial_phase(config).build_discriminator(config, 50, 10)
        assert discriminator.highway.compute_dtype == body, (preset, precision)
