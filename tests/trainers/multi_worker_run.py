"""One worker of the two-process multi-worker test (`TF_CONFIG` set by the test).

Usage: python multi_worker_run.py OUT_DIR. Under `MultiWorkerMirroredStrategy`: a tiny MLE run
through `experiment.train`, two generator updates and a discriminator round of the test
trainer on fixed data, LeakGAN's policy updates, a RankGAN ranker round and two RelGAN steps;
then a whole SeqGAN and a MaliGAN generator step. Worker 0 writes the weights to
OUT_DIR/weights.npz, each worker its generators after the steps to OUT_DIR/after_step_I.npz.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import keras  # noqa: E402
import numpy as np  # noqa: E402

from tests.trainers import distributed_cases as cases  # noqa: E402
from tf_hebbgan.config import load_preset  # noqa: E402
from tf_hebbgan.distribute import is_chief, make_strategy, worker_id  # noqa: E402
from tf_hebbgan.trainers import experiment  # noqa: E402


def main(out_dir):
    strategy = make_strategy("multi_worker")
    assert strategy.num_replicas_in_sync == 2, strategy.num_replicas_in_sync
    results = experiment.train(
        load_preset("tiny"), os.path.join(out_dir, "mle"), verbose=0, strategy=strategy
    )
    trainer = cases.make_trainer(strategy, **cases.MULTI_WORKER_OPTIONS)
    cases.distributed_updates(trainer, strategy)
    compared = {
        **cases.named_weights(trainer.generator, "generator"),
        **cases.named_weights(trainer.discriminator, "discriminator"),
        **cases.family_updates(strategy),
    }
    relgan = cases.make_relgan_trainer(strategy)
    cases.relgan_updates(relgan)
    compared.update(cases.named_weights(relgan.generator, "relgan_generator"))
    compared.update(cases.named_weights(relgan.discriminator, "relgan_discriminator"))
    # Whole generator steps (sampling, rewards per replica): the workers stay equal.
    logs = trainer.generator_step(cases.REAL)
    assert all(np.isfinite(float(value)) for value in logs.values()), logs
    maligan = cases.make_maligan_trainer(strategy)
    assert np.isfinite(float(maligan.generator_step(cases.REAL)["generator_loss"]))
    np.savez(
        os.path.join(out_dir, f"after_step_{worker_id(strategy)}.npz"),
        **cases.named_weights(trainer.generator, "generator"),
        **cases.named_weights(maligan.generator, "maligan_generator"),
    )
    if is_chief(strategy):
        generator = keras.saving.load_model(os.path.join(out_dir, "mle", "generator.keras"))
        np.savez(
            os.path.join(out_dir, "weights.npz"),
            replicas=results["replicas"],
            **cases.named_weights(generator, "mle"),
            **compared,
        )


if __name__ == "__main__":
    main(sys.argv[1])
