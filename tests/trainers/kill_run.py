"""Trains a preset in a workdir and kills itself with SIGKILL at a chosen point.

    python tests/trainers/kill_run.py PRESET WORKDIR POINT [field=value ...]

POINT: `none` (run to the end); `batch:N` (after the N-th MLE training batch, mid-epoch);
`round:N` (after the N-th discriminator round, before its checkpoint); `step:N` (after the
N-th RelGAN adversarial step); `save:N` (right after
the N-th checkpoint was saved); `torn:N` (during the N-th checkpoint write: the data file is
left half written and nothing is verified). Used by the resume tests (resume_cases.py); run in
a fresh process.
"""

import glob
import os
import signal
import sys

import keras


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


def main(preset, workdir, point, *overrides):
    from tf_hebbgan import config as config_lib
    from tf_hebbgan.trainers import experiment
    from tf_hebbgan.trainers.checkpoints import SafeCheckpoints
    from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

    config = config_lib.apply_overrides(config_lib.load_preset(preset), overrides)
    kind, _, count = point.partition(":")
    calls = []

    def due():
        calls.append(None)
        return len(calls) == int(count)

    callbacks = []
    if kind == "batch":

        class KillAfterBatch(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                if due():
                    _die()

        callbacks.append(KillAfterBatch())
    elif kind == "round":
        round_ = SeqGANTrainer.discriminator_round

        def discriminator_round(self, *args, **kwargs):
            history = round_(self, *args, **kwargs)
            if due():
                _die()
            return history

        SeqGANTrainer.discriminator_round = discriminator_round
    elif kind == "step":
        from tf_hebbgan.trainers.relgan_trainer import RelGANTrainer

        train_step = RelGANTrainer.train_step

        def relgan_step(self, *args, **kwargs):
            logs = train_step(self, *args, **kwargs)
            if due():
                _die()
            return logs

        RelGANTrainer.train_step = relgan_step
    elif kind in ("save", "torn"):
        save = SafeCheckpoints.save

        def patched(self):
            if kind == "torn" and due():
                path = self.checkpoint.write(self.next_path())
                data = glob.glob(path + ".data-*")[0]
                with open(data, "r+b") as file:
                    file.truncate(os.path.getsize(data) // 2)
                _die()
            path = save(self)
            if kind == "save" and due():
                _die()
            return path

        SafeCheckpoints.save = patched
    elif kind != "none":
        raise ValueError(f"Unknown kill point {point!r}.")
    experiment.train(config, workdir, verbose=0, callbacks=callbacks)


if __name__ == "__main__":
    main(*sys.argv[1:])
