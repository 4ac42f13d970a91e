"""The REINFORCE family's rows at the paper's sizes: SeqGAN, MaliGAN, RankGAN, LeakGAN side by side,
each against its floor and (with `--torch`) against PyTorch in the same window.

    python benchmarks/reinforce_rows.py [--repeats 3] [--sequences 5056] [--torch]

Per method, with the library's trainers at the recipes' settings (float32, vocabulary 5000,
length 20, batch 64, 16 rollouts; LeakGAN with its recipe's 4 rollouts of the live generator
and its MLE step): one generator step (sampling, the method's rewards, the
update), one discriminator (or ranker) epoch over `--sequences` sequences in one call into the
graph as the rounds run it, and sampling 10,000 sequences; then the adversarial epoch composed
from them as the paper's schedule runs it (`seqgan_oracle`: 1 generator step + 5 rounds of
10,000 samples and 3 epochs over 20,000 sequences), and its ratio to SeqGAN's. Each figure is
the median of `--repeats` calls after a warm-up; the methods alternate call by call, so a slow
spell of the machine hits them all.

Each row's floor is its FLOP count (counted from the shapes below: products only, forward x3
for training) at the fp32 rate of a large matmul measured in the same process, plus its
softmax exps at the measured exp rate: a lower bound no implementation on this CPU beats.
With `--torch` (`pip install ".[bench]"`), each row of ours is followed at once by the same
row in idiomatic PyTorch (`torch_reference.py`, `torch_family.py`), so each ratio is taken
at one machine state.
"""

import statistics

import keras
import tensorflow as tf
from absl import app, flags
from ceilings import cpu_description, discriminator_product_flops, exp_per_second, matmul_gflops
from workloads import LENGTH, VOCABULARY_SIZE, random_sequences

from tf_hebbgan.data import finished
from tf_hebbgan.models import CNNDiscriminator, CNNRanker, LeakGANGenerator, LSTMGenerator
from tf_hebbgan.trainers import LeakGANTrainer, MaliGANTrainer, RankGANTrainer, SeqGANTrainer

FLAGS = flags.FLAGS

B, T, V = 64, LENGTH, VOCABULARY_SIZE
E = H = 32  # The generators' embedding and LSTM units.
D_EMBED, GOAL = 64, 16  # The discriminator's embedding; LeakGAN's goal embedding `k`.
FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)
F = sum(NUM_FILTERS)
ROLLOUTS = {"SeqGAN": 16, "MaliGAN": 0, "RankGAN": 16, "LeakGAN": 4}
REFERENCES, COMPARISON = 16, 64  # RankGAN's U and C+.
ROWS = ("generator step", "discriminator epoch", "sample 10,000")

# === FLOP counts, forward ===


def body_flops():
    """The CNN body (convolutions and highway) of one sequence."""
    return discriminator_product_flops(T, D_EMBED, FILTER_SIZES, NUM_FILTERS)


def discriminator_flops():
    return body_flops() + 2 * F * 2  # And the two-logit output.


def lstm_token_flops():
    """One token of SeqGAN's generator: an LSTM step and the vocabulary projection."""
    return 2 * (E + H) * 4 * H + 2 * H * V


def leak_flops():
    """One token's streamed leak: the stacked convolution kernels and the highway."""
    windows = sum(w * n for w, n in zip(FILTER_SIZES, NUM_FILTERS, strict=True))
    return 2 * D_EMBED * windows + 2 * 2 * F * F


def leakgan_token_flops():
    """One token of LeakGAN's generator: worker and manager steps, goal, psi, `O_t w_t`, leak."""
    cells = 2 * (E + H) * 4 * H + 2 * (F + H) * 4 * H + 2 * H * F + 2 * F * GOAL
    return cells + 2 * (H + 1) * GOAL * V + leak_flops()


def row_flops(method):
    """`{row: (FLOPs, exps)}` of `method`'s rows."""
    leakgan = method == "LeakGAN"
    token = leakgan_token_flops() if leakgan else lstm_token_flops()
    scorer = body_flops() if method == "RankGAN" else discriminator_flops()
    rollouts = ROLLOUTS[method]
    row_steps = rollouts * B * sum(T - t for t in range(1, T))  # Completion tokens.
    completions = ((T - 1) * rollouts + 1) * B if rollouts else B
    step = T * B * token + row_steps * token + completions * scorer
    if leakgan:  # Two updates (adversarial, MLE): forward x3 without the leak's backward,
        trained = 3 * token - 2 * leak_flops()  # and the batched prefix features.
        step += 2 * (T * B * trained + B * (body_flops() + T * 2 * 2 * F * F))
    else:
        step += 3 * T * B * token
    if method == "RankGAN":
        step += (REFERENCES + COMPARISON) * scorer
        epoch = 3 * (20000 + 20000 // B * REFERENCES) * scorer
    else:
        epoch = 3 * 20000 * scorer
    return {
        "generator step": (step, (T * B + row_steps) * V),
        "discriminator epoch": (epoch, 0),
        "sample 10,000": (T * 10000 * token, T * 10000 * V),
    }


# === The networks ===


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


def our_rows(tokens, labels):
    """`{method: {row: fn}}` with the library's trainers."""
    real = tf.constant(tokens[:B])
    built = trainers()
    built["RankGAN"].discriminator.set_real(tokens[:REFERENCES], tokens[16 : 16 + COMPARISON])
    return {
        name: {
            "generator step": lambda t=trainer: t.generator_step(real),
            "discriminator epoch": epoch_function(trainer, tokens, labels),
            "sample 10,000": lambda t=trainer: t.generator.sample(10000, seed=1),
        }
        for name, trainer in built.items()
    }


def torch_rows(tokens, labels):
    """`{method: {row: fn}}` with the PyTorch references."""
    import torch_family
    import torch_reference

    x, y = torch_reference.as_tensor(tokens), torch_reference.as_tensor(labels)
    references = {
        "SeqGAN": torch_reference.Reference(),
        "MaliGAN": torch_family.MaliGAN(),
        "RankGAN": torch_family.RankGAN(),
        "LeakGAN": torch_family.LeakGAN(),
    }
    references["RankGAN"].set_real(x[:REFERENCES], x[16 : 16 + COMPARISON])
    real = x[:B]
    return {
        name: {
            "generator step": (
                (lambda r=reference: r.generator_step(real))
                if name == "LeakGAN"
                else reference.generator_step
            ),
            "discriminator epoch": lambda r=reference: r.discriminator_epoch(x, y),
            "sample 10,000": lambda r=reference: r.sample(10000),
        }
        for name, reference in references.items()
    }


def timed(fn):
    start = tf.timestamp()
    fn()
    return float(tf.timestamp() - start)


def main(argv):
    del argv
    print(f"CPU: {cpu_description()}")
    tokens, labels = random_sequences(FLAGS.sequences // B * B)
    sides = {"ours": our_rows(tokens, labels)}
    if FLAGS.torch:
        import torch

        sides["PyTorch"] = torch_rows(tokens, labels)
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    for fns in sides["ours"].values():
        for fn in fns.values():
            fn()  # Warm-up: tracing (PyTorch's eager steps need none).
    times = {side: {m: {r: [] for r in ROWS} for m in ROLLOUTS} for side in sides}
    for _ in range(FLAGS.repeats):
        for method in ROLLOUTS:
            for row in ROWS:
                for side, rows in sides.items():  # Theirs right after ours.
                    times[side][method][row].append(timed(rows[method][row]))
    rate, exps = matmul_gflops(FLAGS.repeats) * 1e9, exp_per_second(FLAGS.repeats)
    print(f"ceilings: fp32 matmul {rate / 1e9:.1f} GFLOP/s, exp {exps / 1e9:.2f} G/s")
    scale = {"discriminator epoch": 20000 / len(tokens)}  # A round's epoch is 20,000.
    figures = {}
    for side in sides:
        for method in ROLLOUTS:
            for row in ROWS:
                seconds = statistics.median(times[side][method][row]) * scale.get(row, 1.0)
                figures[side, method, row] = seconds
    header = f"{'method':8s} {'row':22s} {'ours':>9s} {'floor':>8s} {'to floor':>8s}"
    print(header + (f" {'PyTorch':>9s} {'ratio':>7s}" if FLAGS.torch else ""))
    composed = {}
    for method in ROLLOUTS:
        counts = row_flops(method)
        floors = {row: flop / rate + exp / exps for row, (flop, exp) in counts.items()}
        for row in ROWS + ("epoch (composed)",):
            if row == "epoch (composed)":
                for side in sides:
                    composed[side, method] = compose(lambda r, s=side, m=method: figures[s, m, r])
                ours, floor = composed["ours", method], compose(floors.get)
                theirs = composed.get(("PyTorch", method))
            else:
                ours, floor = figures["ours", method, row], floors[row]
                theirs = figures.get(("PyTorch", method, row))
            line = f"{method:8s} {row:22s} {ours:8.3f}s {floor:7.3f}s {ours / floor:7.2f}x"
            if theirs is not None:
                line += f" {theirs:8.3f}s {theirs / ours:6.2f}x"
            print(line)
    print("composed epoch against SeqGAN's: " + ", ".join(
        f"{m} {composed['ours', m] / composed['ours', 'SeqGAN']:.2f}x" for m in ROLLOUTS
    ))  # fmt: skip
    print(
        f"(medians of {FLAGS.repeats}; discriminator epochs timed on {len(tokens):,} sequences "
        "and scaled to 20,000; ratio: PyTorch's time over ours)"
    )


def compose(figure):
    """The paper schedule's epoch from a row's `figure(row)`: 1 generator step and 5 rounds
    of 10,000 samples and 3 discriminator epochs."""
    return figure("generator step") + 5 * (
        figure("sample 10,000") + 3 * figure("discriminator epoch")
    )


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("repeats", 3, "Timed calls per row (the median is kept).")
    flags.DEFINE_integer("sequences", 5056, "Sequences of the timed discriminator epoch.")
    flags.DEFINE_bool("torch", False, "Time each row in PyTorch right after ours.")
    app.run(main)
