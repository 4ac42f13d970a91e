"""A run in TensorBoard's HParams dashboard: its settings as hparams, its figures as metrics.

The session is `WORKDIR/tensorboard` itself. Its metrics are the figures MLE logs per
evaluation (Keras' `epoch_NAME` in the `train` run), the adversarial phase's (`adversarial/NAME`
in the `adversarial` run) and the final ones (`final/NAME`, written here when the run ends), so
the dashboard's table and parallel-coordinates view compare runs by them.
"""

import os

import tensorflow as tf
from tensorboard.plugins.hparams import api as hparams_api

LABELS = {
    "nll_oracle": "NLL-oracle",
    "nll_test": "NLL-test",
    **{f"bleu_{n}": f"BLEU-{n}" for n in range(2, 6)},
    **{f"self_bleu_{n}": f"self-BLEU-{n}" for n in range(2, 6)},
}


def metrics(names, adversarial):
    """The `hparams_api.Metric`s of a run that reports `names`."""
    found = []
    for name in names:
        label = LABELS.get(name, name)
        found.append(hparams_api.Metric(f"final/{name}", display_name=f"{label} (final)"))
        found.append(
            hparams_api.Metric(f"epoch_{name}", group="train", display_name=f"{label} (MLE)")
        )
        if adversarial:
            found.append(
                hparams_api.Metric(
                    f"adversarial/{name}",
                    group="adversarial",
                    display_name=f"{label} (adversarial)",
                )
            )
    return found


def write_hparams(config, workdir, names, extra=None):
    """Writes the run's hparams (its config, and `extra`) and which metrics to show."""
    hparams = {**config.to_dict(), **(extra or {})}
    with tf.summary.create_file_writer(os.path.join(workdir, "tensorboard")).as_default():
        hparams_api.hparams_config(
            hparams=[hparams_api.HParam(name) for name in hparams],
            metrics=metrics(names, config.adversarial_epochs > 0),
        )
        hparams_api.hparams(hparams, trial_id=os.path.basename(os.path.abspath(workdir)))


def write_final(workdir, results):
    """The run's final figures (those of `results` that `LABELS` names) as `final/NAME`."""
    with tf.summary.create_file_writer(os.path.join(workdir, "tensorboard")).as_default():
        for name in LABELS:
            if name in results:
                tf.summary.scalar(f"final/{name}", results[name], step=0)
