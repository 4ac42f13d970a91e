"""Under a MirroredStrategy of two devices: the updates of one device, and whole runs."""

import json
import os
import socket
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.trainers import distributed_cases as cases
from tests.trainers.distributed_cases import POSITIVES, REAL, REWARDS, SAMPLES, make_trainer
from tf_hebbgan.config import load_preset
from tf_hebbgan.distribute import check_tf_config, gather_batch
from tf_hebbgan.trainers import experiment

HERE = os.path.dirname(os.path.abspath(__file__))


def assert_same_weights(expected, actual, atol=1e-6):
    for a, b in zip(expected.get_weights(), actual.get_weights(), strict=True):
        np.testing.assert_allclose(b, a, atol=atol, rtol=1e-5)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"baseline": True},
        {"reduction": "sum", "grad_clip": 0.5},
        {"moment_weight": 0.5},
    ],
)
def test_policy_update_equals_one_device(mirrored_strategy, options):
    strategy = mirrored_strategy
    single = make_trainer(**options)
    mirrored = make_trainer(strategy, **options)
    assert_same_weights(single.generator, mirrored.generator, atol=0)
    update = tf.function(mirrored.policy_update)
    for _ in range(2):  # The second step sees Adam's moments of the first.
        expected = single.policy_update(SAMPLES, REWARDS, REAL)
        for name, value in cases.distributed_update(mirrored, strategy, update).items():
            np.testing.assert_allclose(value, expected[name], rtol=1e-5, atol=1e-6)
    start = make_trainer()
    moved = [
        not np.allclose(a, b)
        for a, b in zip(start.generator.get_weights(), single.generator.get_weights(), strict=True)
    ]
    assert any(moved)
    assert_same_weights(single.generator, mirrored.generator)


def test_generator_step_keeps_replicas_equal(mirrored_strategy):
    trainer = make_trainer(mirrored_strategy, moment_weight=0.1)
    before = [w.copy() for w in trainer.generator.get_weights()]
    for _ in range(2):
        logs = trainer.generator_step(REAL)
        assert all(np.isfinite(float(value)) for value in logs.values())
    assert trainer.compiled_generator_step.experimental_get_tracing_count() == 1
    for variable, start in zip(trainer.generator.trainable_variables, before, strict=True):
        values = mirrored_strategy.experimental_local_results(variable.value)
        assert len(values) == 2 and not np.allclose(values[0], start)
        np.testing.assert_array_equal(values[0], values[1])


@pytest.mark.parametrize("plasticity", [None, "output_stateful"])
def test_discriminator_round_equals_one_device(mirrored_strategy, plasticity):
    single = make_trainer(plasticity=plasticity)
    mirrored = make_trainer(mirrored_strategy, plasticity=plasticity)
    for trainer in (single, mirrored):
        trainer.discriminator_round(POSITIVES, 16, epochs=2, seed=1)
    assert_same_weights(single.discriminator, mirrored.discriminator, atol=1e-5)
    if plasticity:
        layer = mirrored.discriminator.output_layer
        for variable in (layer.previous_trace, layer.previous_outer):
            values = mirrored_strategy.experimental_local_results(variable.value)
            np.testing.assert_array_equal(values[0], values[1])
        np.testing.assert_allclose(layer.trace, single.discriminator.output_layer.trace, atol=1e-6)


def _final_weights(workdir):
    return keras.saving.load_model(str(workdir / "generator.keras")).get_weights()


def test_mle_run_under_mirrored_equals_one_device(tmp_path, mirrored_strategy):
    config = load_preset("tiny")  # Two epochs of two global batches of 64.
    single = experiment.train(config, str(tmp_path / "single"), verbose=0)
    mirrored = experiment.train(
        config, str(tmp_path / "mirrored"), verbose=0, strategy=mirrored_strategy
    )
    assert mirrored["replicas"] == 2 and "replicas" not in single
    for a, b in zip(
        _final_weights(tmp_path / "single"), _final_weights(tmp_path / "mirrored"), strict=True
    ):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-6)
    assert mirrored["nll_oracle"] == pytest.approx(single["nll_oracle"], rel=1e-4)


@pytest.mark.parametrize(
    "preset",
    [
        "seqgan_tiny",
        "relgan_tiny",
        pytest.param("maligan_tiny", marks=pytest.mark.slow),
        pytest.param("rankgan_tiny", marks=pytest.mark.slow),
        pytest.param("leakgan_tiny", marks=pytest.mark.slow),
    ],
)
def test_adversarial_run_under_mirrored_finishes_and_resumes(tmp_path, mirrored_strategy, preset):
    """Each family's phase through `train`; MaliGAN, RankGAN and LeakGAN share SeqGAN's
    phase machinery (their updates under two replicas: their trainers' tests)."""
    config = load_preset(preset)
    results = experiment.train(config, str(tmp_path / "run"), verbose=0, strategy=mirrored_strategy)
    assert results["replicas"] == 2 and np.isfinite(results["nll_oracle"])
    again = experiment.train(config, str(tmp_path / "run"), verbose=0, strategy=mirrored_strategy)
    assert again == results  # A finished run is found, not redone.


def test_gather_batch_is_all_gather_with_its_gradient(mirrored_strategy):
    values = np.arange(24, dtype="float32").reshape(8, 3)
    weights = tf.constant(np.linspace(-1.0, 2.0, 24, dtype="float32").reshape(8, 3))
    labels = (np.arange(8) % 3).astype("int32")

    def replica(share, label_share):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(share)
            ours = gather_batch(share)  # (8, 3)
            theirs = tf.distribute.get_replica_context().all_gather(share, axis=0)
            ours_loss, theirs_loss = (
                tf.reduce_sum(ours**2 * weights),
                tf.reduce_sum(theirs**2 * weights),
            )
        gradients = tape.gradient(ours_loss, share), tape.gradient(theirs_loss, share)
        return ours, theirs, *gradients, gather_batch(label_share)

    results = mirrored_strategy.run(
        tf.function(replica),
        args=(cases.shares(mirrored_strategy, values), cases.shares(mirrored_strategy, labels)),
    )
    ours, theirs, our_gradient, their_gradient, gathered_labels = (
        [np.asarray(v) for v in mirrored_strategy.experimental_local_results(result)]
        for result in results
    )
    for replica_id in range(2):
        np.testing.assert_array_equal(ours[replica_id], values)
        np.testing.assert_array_equal(theirs[replica_id], values)
        np.testing.assert_array_equal(gathered_labels[replica_id], labels)
        assert gathered_labels[replica_id].dtype == np.int32
        np.testing.assert_allclose(our_gradient[replica_id], their_gradient[replica_id])
    # Each share's gradient sums both replicas' losses: 2 * (2 x * w) over its rows.
    np.testing.assert_allclose(np.concatenate(our_gradient), 4 * values * weights.numpy())
    np.testing.assert_array_equal(gather_batch(tf.constant(values)), values)  # One replica.


def test_batch_that_does_not_split_is_refused(tmp_path, mirrored_strategy):
    config = load_preset("tiny")
    config.batch_size = 63
    with pytest.raises(ValueError, match="does not split evenly over the strategy's 2 replicas"):
        experiment.train(config, str(tmp_path / "run"), verbose=0, strategy=mirrored_strategy)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "needs TF_CONFIG"),
        ("{not json", "malformed"),
        ('{"cluster": {}}', "malformed"),
        ('{"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": 3}}', "index 3"),
    ],
)
def test_bad_tf_config_is_named(text, message):
    with pytest.raises(ValueError, match=message):
        check_tf_config(text)


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def test_two_workers_give_the_weights_of_one_device(tmp_path):
    """Two processes on 127.0.0.1, one CPU each: MLE through `train`, generator updates, a
    plastic discriminator's round, LeakGAN's updates, a RankGAN ranker round and RelGAN steps,
    against the same on one device here; a whole SeqGAN and MaliGAN generator step keep the
    workers equal."""
    workers = [f"127.0.0.1:{port}" for port in _free_ports(2)]
    processes = []
    for index in range(2):
        tf_config = {"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}}
        environment = dict(os.environ, TF_CONFIG=json.dumps(tf_config))
        processes.append(
            subprocess.Popen(
                [sys.executable, os.path.join(HERE, "multi_worker_run.py"), str(tmp_path)],
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    for process in processes:
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output[-3000:]
    saved = np.load(tmp_path / "weights.npz")
    assert int(saved["replicas"]) == 2
    assert os.path.exists(tmp_path / "mle.worker_1" / "results.json")  # Worker 1's own copy.
    after = [np.load(tmp_path / f"after_step_{index}.npz") for index in range(2)]
    for name in after[0].files:
        np.testing.assert_array_equal(after[0][name], after[1][name])
    stepped = [name for name in after[0].files if name.startswith("generator_")]
    assert stepped and any(not np.allclose(after[0][name], saved[name]) for name in stepped)

    experiment.train(load_preset("tiny"), str(tmp_path / "single"), verbose=0)
    mle = keras.saving.load_model(str(tmp_path / "single" / "generator.keras"))
    trainer = make_trainer(**cases.MULTI_WORKER_OPTIONS)
    cases.single_updates(trainer)
    relgan = cases.make_relgan_trainer()
    cases.relgan_updates(relgan)
    expected = {
        **cases.family_updates(),
        **cases.named_weights(mle, "mle"),
        **cases.named_weights(trainer.generator, "generator"),
        **cases.named_weights(trainer.discriminator, "discriminator"),
        **cases.named_weights(relgan.generator, "relgan_generator"),
        **cases.named_weights(relgan.discriminator, "relgan_discriminator"),
    }
    for name, value in expected.items():
        # LeakGAN's Adam divides by the root of tiny second moments (its trainer's test).
        atol = 5e-5 if name.startswith("leakgan") else 1e-5
        np.testing.assert_allclose(saved[name], value, rtol=1e-4, atol=atol, err_msg=name)
