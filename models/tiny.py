"""Tiny shapes for tests: seconds, not minutes. Not a result; it checks that the pipeline runs."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_oracle")
    config.num_train_samples = 128  # Two batches of 64 per epoch.
    config.num_test_samples = 64  # Enough to compute NLL-test.
    config.num_eval_samples = 64  # Enough to compute NLL-oracle.
    config.sequence_length = 10  # Half the benchmark's 20: unrolled loops trace in half the time.
    config.mle_epochs = 2  # Two epochs: one to resume from, one to finish.
    config.eval_every = 1  # Evaluate every epoch so the callback path runs.
    config.jit_compile = False  # XLA compilation would take longer than the whole run.
    config.precision = "float32"  # The same figures on every machine (and no timing at start).
    return config
