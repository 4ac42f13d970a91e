"""The FLOP counts behind the REINFORCE rows' floors, against hand counts."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))

import ceilings  # noqa: E402
import reinforce_rows as rows  # noqa: E402

WINDOWS = 1 * 100 + 2 * 200 + 3 * 200 + 4 * 200 + 5 * 200 + 6 * 100 + 7 * 100 + 8 * 100
WINDOWS += 9 * 100 + 10 * 100 + 15 * 160 + 20 * 160  # Sum of w F_w over SeqGAN's filters.


def test_a_generator_token_by_hand():
    # SeqGAN: an LSTM step of 32 units on an input of 32, then 32 x 5,000.
    assert rows.lstm_token_flops() == 2 * 64 * 128 + 2 * 32 * 5000
    # LeakGAN: the worker (input 32) and manager (input 1,720) LSTMs, the goal (32 -> 1,720),
    # psi (1,720 -> 16), [h; 1] (x) w times the ((32 + 1) 16, 5,000) matrix, the leak.
    leak = 2 * 64 * WINDOWS + 4 * 1720 * 1720
    assert rows.leak_flops() == leak
    cells = 2 * 64 * 128 + 2 * (1720 + 32) * 128 + 2 * 32 * 1720 + 2 * 1720 * 16
    assert rows.leakgan_token_flops() == cells + 2 * 33 * 16 * 5000 + leak


def test_the_rows_follow_each_method():
    counts = {method: rows.row_flops(method) for method in rows.ROLLOUTS}
    token, d = rows.lstm_token_flops(), rows.discriminator_flops()
    # MaliGAN: one sampled batch, scored once, one update; no rollouts.
    step, exps = counts["MaliGAN"]["generator step"]
    assert step == 20 * 64 * token + 64 * d + 3 * 20 * 64 * token
    assert exps == 20 * 64 * 5000
    # SeqGAN: 16 completions of every prefix length 1..19, each scored, and the whole batch.
    completion_tokens = 16 * 64 * sum(range(1, 20))
    seqgan = counts["SeqGAN"]["generator step"][0]
    assert seqgan - step == completion_tokens * token + 19 * 16 * 64 * d
    # The discriminator's epoch is the same for the three that share it; the ranker's also
    # runs its 16 references through the body at every step and has no output layer.
    body = ceilings.discriminator_product_flops(20, 64, rows.FILTER_SIZES, rows.NUM_FILTERS)
    assert counts["SeqGAN"]["discriminator epoch"][0] == 3 * 20000 * d
    assert counts["LeakGAN"]["discriminator epoch"] == counts["SeqGAN"]["discriminator epoch"]
    assert counts["RankGAN"]["discriminator epoch"][0] == 3 * (20000 + 312 * 16) * body
    # Sampling: 20 tokens of 10,000 sequences, a softmax over the vocabulary each.
    assert counts["LeakGAN"]["sample 10,000"] == (
        20 * 10000 * rows.leakgan_token_flops(),
        20 * 10000 * 5000,
    )


def test_the_composed_epoch_is_the_paper_schedule():
    figures = {"generator step": 2.0, "sample 10,000": 3.0, "discriminator epoch": 5.0}
    assert rows.compose(figures.get) == 2.0 + 5 * (3.0 + 3 * 5.0)


def test_the_cpu_is_described():
    description = ceilings.cpu_description()
    assert "family" in description and f"{os.cpu_count()} cores" in description
