"""SavedModel export: loaded with TensorFlow alone in a fresh process, it answers as the library."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tests.test_cli import assert_one_line_error, hebbgan, tree_hashes

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CAPTIONS = ["A man riding a horse.", "two dogs, on a wooden bench"]
# Runs in a fresh process that imports TensorFlow only, never tf_hebbgan.
SERVE = (
    f"CAPTIONS = {CAPTIONS!r}\n"
    + """
import json, sys
import numpy as np
import tensorflow as tf
model = tf.saved_model.load(sys.argv[1])
signatures = model.signatures
out = signatures["sample"](
    num_samples=tf.constant(5), temperature=tf.constant(0.9), seed=tf.constant(7, tf.int64)
)
tokens = out["tokens"].numpy()
result = {
    "modules": sorted(m for m in sys.modules if m.split(".")[0] == "tf_hebbgan"),
    "signatures": sorted(signatures),
    "tokens": tokens.tolist(),
    "log_prob": signatures["log_prob"](tokens=tf.constant(tokens))["log_prob"].numpy().tolist(),
}
if "score" in signatures:
    result["score"] = signatures["score"](tokens=tf.constant(tokens))["p_real"].numpy().tolist()
if "sentences" in out:
    result["sentences"] = [s.decode() for s in out["sentences"].numpy()]
    text = signatures["log_prob_text"](sentences=tf.constant(CAPTIONS))
    result["log_prob_text"] = text["log_prob"].numpy().tolist()
print(json.dumps(result))
"""
)


def _serve(path):
    environment = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    environment.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", SERVE, path],
        capture_output=True,
        text=True,
        env=environment,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _library(workdir, tokens):
    """The library's own figures for `tokens`: samples, log-likelihoods and P(real)."""
    import tensorflow as tf

    from tf_hebbgan.config import Config
    from tf_hebbgan.data.tokens import end_mask
    from tf_hebbgan.export import load_discriminator
    from tf_hebbgan.trainers import experiment

    generator = experiment.load_generator(workdir)
    config = Config.from_json(os.path.join(workdir, "config.json"))
    samples = generator.sample(5, 0.9, seed=7)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(tokens, generator(tokens)).numpy()
    if generator.end_token is not None:
        losses *= end_mask(tokens, generator.end_token).numpy()
    discriminator = load_discriminator(workdir, config, generator)
    return samples, -losses.sum(axis=1), discriminator.probability_real(tokens).numpy()


@pytest.mark.parametrize(
    "preset",
    # A text run's export in the fast suite: relgan_tiny_text's.
    ["seqgan_tiny", pytest.param("tiny_text", marks=pytest.mark.slow), "relgan_tiny_text"],
)
def test_export_loads_with_tensorflow_alone_and_answers_as_the_library(preset, tmp_path):
    workdir, out = str(tmp_path / "run"), str(tmp_path / "exported")
    assert hebbgan("train", "--preset", preset, "--workdir", workdir).returncode == 0
    result = hebbgan("export", "--workdir", workdir, "--out", out)
    assert result.returncode == 0, result.stderr
    served = _serve(out)
    assert served["modules"] == []
    expected = ["log_prob", "sample", "score", "serving_default"]
    if preset.endswith("text"):
        expected = sorted(expected + ["complete", "log_prob_text"])
    assert served["signatures"] == expected
    tokens = np.array(served["tokens"], "int32")
    samples, log_prob, score = _library(workdir, tokens)
    np.testing.assert_array_equal(tokens, samples)  # Same seed, same tokens.
    np.testing.assert_allclose(served["log_prob"], log_prob, rtol=1e-5)
    np.testing.assert_allclose(served["score"], score, rtol=1e-5, atol=1e-7)
    if preset.endswith("text"):
        from tf_hebbgan.trainers import experiment

        assert served["sentences"] == experiment.sample_text(workdir, 5, seed=7, temperature=0.9)
        from tf_hebbgan.data.tokenizer import tokenize_lines
        from tf_hebbgan.data.vocabulary import Vocabulary

        vocabulary = Vocabulary.load(os.path.join(workdir, "vocabulary.txt"))
        encoded = vocabulary.encode(tokenize_lines(CAPTIONS), tokens.shape[1])
        _, text_log_prob, _ = _library(workdir, encoded)
        np.testing.assert_allclose(served["log_prob_text"], text_log_prob, rtol=1e-5)
    listing = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "saved_model_cli"),
            "show",
            "--dir",
            out,
            "--all",
        ],
        capture_output=True,
        text=True,
    )
    for name in expected:
        assert f"signature_def['{name}']" in listing.stdout


def test_bad_exports_are_one_line(tmp_path):
    not_finished = tmp_path / "empty_run"
    not_finished.mkdir()
    (not_finished / "config.json").write_text("{}")
    assert_one_line_error(
        hebbgan("export", "--workdir", str(not_finished), "--out", str(tmp_path / "x")),
        "holds no finished run",
    )
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "file").write_text("x")
    workdir = str(tmp_path / "run")
    assert hebbgan("train", "--preset", "tiny", "--workdir", workdir).returncode == 0
    before = tree_hashes(str(taken))
    assert_one_line_error(
        hebbgan("export", "--workdir", workdir, "--out", str(taken)), "is not an empty directory"
    )
    assert tree_hashes(str(taken)) == before
    assert_one_line_error(
        hebbgan("export", "--workdir", workdir, "--out", "/proc/nope/model"), "not a writable"
    )
    from tf_hebbgan.export import load_exported

    out = str(tmp_path / "exported")
    assert hebbgan("export", "--workdir", workdir, "--out", out).returncode == 0
    with open(os.path.join(out, "saved_model.pb"), "wb") as file:
        file.write(b"garbage")
    with pytest.raises(ValueError, match="is a corrupt SavedModel"):
        load_exported(out)
