"""What a run writes for TensorBoard: hparams with their metrics, final figures, samples from
both phases as readable text."""

import glob
import os

import tensorflow as tf
from tensorboard.plugins.hparams import plugin_data_pb2


def _events(directory):
    for path in sorted(glob.glob(os.path.join(directory, "events.out.tfevents.*"))):
        for event in tf.compat.v1.train.summary_iterator(path):
            yield from event.summary.value


def test_the_hparams_dashboard_has_the_runs_metrics_and_both_phases_have_samples(text_run):
    workdir, _ = text_run
    root = os.path.join(workdir, "tensorboard")
    metrics, finals = set(), {}
    for value in _events(root):
        if value.metadata.plugin_data.plugin_name == "hparams":
            data = plugin_data_pb2.HParamsPluginData.FromString(value.metadata.plugin_data.content)
            if data.HasField("experiment"):
                metrics |= {(m.name.group, m.name.tag) for m in data.experiment.metric_infos}
        elif value.tag.startswith("final/"):
            finals[value.tag] = tf.make_ndarray(value.tensor)
    for name in ("bleu_5", "self_bleu_5", "nll_test"):
        assert ("", f"final/{name}") in metrics and f"final/{name}" in finals
        assert ("train", f"epoch_{name}") in metrics
        assert ("adversarial", f"adversarial/{name}") in metrics
    texts = {
        value.tag: tf.make_ndarray(value.tensor)
        for directory in ("train", "adversarial")
        for value in _events(os.path.join(root, directory))
        if value.tag.endswith("samples")
    }
    assert set(texts) == {"mle/samples", "adversarial/samples"}
    for rows in texts.values():
        assert len(rows) == 3 and all(b" ," not in row for row in rows)  # Readable text.
