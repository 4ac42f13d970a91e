"""BLEU and self-BLEU on COCO: `tf_hebbgan.metrics` against nltk, in time and in value.

    python benchmarks/bleu.py [--hypotheses 2000] [--nltk_hypotheses 20]

Hypotheses are the first `--hypotheses` training captions, references the 10,000 test
captions (both tokenized as the library tokenizes). Prints the library's time for BLEU-2..5
and self-BLEU-2..5 over all hypotheses; nltk's `sentence_bleu` (smoothing method 1) on the
first `--nltk_hypotheses` of them, its time scaled to all hypotheses, and the largest
difference between the two on those; and how many captions the tokenizer splits exactly as
nltk's `NLTKWordTokenizer` does.
"""

import time

import numpy as np
from absl import app, flags

from tf_hebbgan.data.text_corpus import read_sentences
from tf_hebbgan.data.tokenizer import tokenize_lines
from tf_hebbgan.metrics.bleu_score import bleu_scores, self_bleu_scores

FLAGS = flags.FLAGS
ORDERS = (2, 3, 4, 5)
TRAIN, TEST = "tf_hebbgan:assets/image_coco.txt", "tf_hebbgan:assets/image_coco_test.txt"


def main(argv):
    del argv
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu

    train_lines, test_lines = read_sentences(TRAIN), read_sentences(TEST)
    train, test = tokenize_lines(train_lines), tokenize_lines(test_lines)
    nltk_tokenizer = NLTKWordTokenizer()
    agree = sum(
        ours == nltk_tokenizer.tokenize(line.lower())
        for ours, line in zip(train + test, train_lines + test_lines, strict=True)
    )
    print(f"tokenizer: {agree} of {len(train) + len(test)} captions split as nltk's")

    hypotheses = train[: FLAGS.hypotheses]
    start = time.perf_counter()
    ours = bleu_scores(hypotheses, test, ORDERS)
    bleu_seconds = time.perf_counter() - start
    start = time.perf_counter()
    ours_self = self_bleu_scores(hypotheses, ORDERS)
    self_seconds = time.perf_counter() - start
    print(f"library, {len(hypotheses)} hypotheses x {len(test)} references:")
    print(f"  BLEU-2..5 {[round(ours[n], 4) for n in ORDERS]} in {bleu_seconds:.2f} s")
    print(f"  self-BLEU-2..5 {[round(ours_self[n], 4) for n in ORDERS]} in {self_seconds:.2f} s")

    few = hypotheses[: FLAGS.nltk_hypotheses]
    smoothing = SmoothingFunction().method1
    start = time.perf_counter()
    nltk_scores = {
        n: np.mean(
            [sentence_bleu(test, h, (1.0 / n,) * n, smoothing_function=smoothing) for h in few]
        )
        for n in ORDERS
    }
    nltk_seconds = time.perf_counter() - start
    ours_few = bleu_scores(few, test, ORDERS)
    difference = max(abs(ours_few[n] - nltk_scores[n]) for n in ORDERS)
    scaled = nltk_seconds * len(hypotheses) / len(few)
    print(f"nltk sentence_bleu, {len(few)} hypotheses, BLEU-2..5: {nltk_seconds:.2f} s")
    print(
        f"  scaled to {len(hypotheses)} hypotheses: {scaled:.0f} s ({scaled / bleu_seconds:.0f}x)"
    )
    print(f"  largest difference from the library on them: {difference:.2e}")


if __name__ == "__main__":  # Flags only when run: tests import this module.
    flags.DEFINE_integer("hypotheses", 2000, "Hypotheses for the library's figures.")
    flags.DEFINE_integer("nltk_hypotheses", 20, "Hypotheses timed with nltk (it is slow).")
    app.run(main)
