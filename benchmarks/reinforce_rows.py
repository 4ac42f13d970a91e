"""The REINFORCE family's rows at the paper's sizes: SeqGAN, MaliGAN, RankGAN, LeakGAN side by side.

    python benchmarks/reinforce_rows.py [--repeats 3] [--sequences 5056]

Per method, with the library's trainers at the recipes' settings (float32, vocabulary 5000,
length 20, batch 64, 16 rollouts; LeakGAN with its recipe's 4 rollouts of the live generator
and its MLE step): one generator step (sampling, the method's rewards, the
update), one discriminator (or ranker) epoch over `--sequences` sequences in one call into the
graph as the rounds run it, and sampling 10,000 sequences; then the adversarial epoch composed
from them as the paper's schedule runs it (`seqgan_oracle`: 1 generator step + 5 rounds of
10,000 samples and 3 epochs over 20,000 sequences), and its ratio to SeqGAN's. Each figure is
the median of `--repeats` calls after a warm-up; the methods alternate call by call, so a slow
spell of the machine hits them all.
"""

import statistics

import keras
import tensorflow as tf
from absl import app, flags
from workloads import LENGTH, VOCABULARY_SIZE, random_sequences

from tf_hebbgan.data import finished
from tf_hebbgan.models import CNNDiscriminator, CNNRanker, LeakGANGenerator, LSTMGenerator
from tf_hebbgan.trainers import LeakGANTrainer, MaliGANTrainer, RankGANTrainer, SeqGANTrainer

flags.DEFINE_integer("repeats", 3, "Timed calls per row (the median is kept).")
flags.DEFINE_integer("sequences", 5056, "Sequences of the timed discriminator epoch.")
FLAGS = flags.FLAGS

B = 64


def trainers():
    """`{method: trainer}` at the paper's sizes, each from seed 0."""
    built = {}
    for name in ("SeqGAN", "MaliGAN", "RankGAN", "LeakGAN"):
        keras.utils.set_random_seed(0)
        network = LeakGANGenerator if name == "LeakGAN" else LSTMGenerator
        generator = network(VOCABULARY_SIZE, 32, 32, sequence_length=LENGTH, seed=0)
        rollout = network.from_config(generator.get_config())
        rollout.set_weights(generator.get_weights())
        if name == "MaliGAN":  # The benchmark names each method's pieces; the library does not.
            built[name] = MaliGANTrainer(generator, CNNDiscriminator(), batch_size=B)
        elif name == "LeakGAN":
            built[name] = LeakGANTrainer(
                generator, rollout, CNNDiscriminator(dropout=0.0), batch_size=B, num_rollouts=4,
                rollout_rate=0.0, generator_learning_rate=0.0015,
            )  # fmt: skip
        elif name == "RankGAN":
            built[name] = RankGANTrainer(generator, rollout, CNNRanker(), batch_size=B)
        else:
            built[name] = SeqGANTrainer(generator, rollout, CNNDiscriminator(), batch_size=B)
    return built


def epoch_function(trainer, tokens, labels):
    """One discriminator epoch over `tokens`, `labels` in one call, as the rounds run it."""
    dataset = finished(tf.data.Dataset.from_tensor_slices((tokens, labels)).batch(B))
    steps = len(tokens) // B
    trainer.execute_epochs_whole(steps)
    return lambda: trainer.discriminator.fit(dataset, epochs=1, verbose=0)


def main(argv):
    del argv
    tokens, labels = random_sequences(FLAGS.sequences // B * B)
    real = tf.constant(tokens[:B])
    built = trainers()
    ranker = built["RankGAN"].discriminator
    ranker.set_real(tokens[:16], tokens[16:80])
    rows = {}
    for name, trainer in built.items():
        rows[name] = {
            "generator step": lambda t=trainer: t.generator_step(real),
            "discriminator epoch": epoch_function(trainer, tokens, labels),
            "sample 10,000": lambda t=trainer: t.generator.sample(10000, seed=1),
        }
    times = {name: {row: [] for row in fns} for name, fns in rows.items()}
    for fns in rows.values():
        for fn in fns.values():
            fn()  # Warm-up: tracing.
    for _ in range(FLAGS.repeats):
        for name, fns in rows.items():
            for row, fn in fns.items():
                start = tf.timestamp()
                fn()
                times[name][row].append(float(tf.timestamp() - start))
    scale = 20000 / len(tokens)  # A round's epoch covers 20,000 sequences.
    composed = {}
    print(
        f"{'method':8s} {'generator step':>15s} {'D epoch (20k)':>14s} {'sample 10k':>11s}"
        f" {'epoch':>9s} {'to SeqGAN':>10s}"
    )
    for name, rows_of in times.items():
        step, d_epoch, sample = (statistics.median(rows_of[row]) for row in rows_of)
        composed[name] = step + 5 * (sample + 3 * d_epoch * scale)
        print(
            f"{name:8s} {step:14.3f}s {d_epoch * scale:13.3f}s {sample:10.3f}s "
            f"{composed[name]:8.1f}s {composed[name] / composed['SeqGAN']:9.2f}x"
        )
    print(
        f"(medians of {FLAGS.repeats}; discriminator epochs timed on {len(tokens):,} sequences "
        "and scaled to 20,000)"
    )


if __name__ == "__main__":
    app.run(main)
