"""MLE on the recall corpus stopped early: 8 random words, `=`, the same 8 again.

The second half of every line is determined by its first, so what a generator can store while
reading a sequence shows in its NLL-test: 1.232 nats a token at best, 2.465 for a model that
stores nothing (`tf_hebbgan/data/recall_corpus.py`). SeqGAN's generator and optimiser, stopped
as mle_coco_early is.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_oracle")  # SeqGAN's generator and optimiser (batch 64, Adam).
    config.data = "tf_hebbgan:assets/recall8.txt"  # 10,000 lines.
    config.test_data = "tf_hebbgan:assets/recall8_test.txt"  # 2,000 held-out lines.
    config.tokenizer = "whitespace"  # The words and `=` as they are.
    config.mle_epochs = 150  # A ceiling: at 50 the LSTM still improved every few epochs.
    config.mle_validation_size = 1000  # 10 % of the training lines (never the test set).
    config.mle_patience = 5  # Epochs without a lower validation NLL before MLE stops.
    config.eval_every = 10  # BLEU says little here; NLL-test is the measure.
    config.num_eval_samples = 200
    return config
