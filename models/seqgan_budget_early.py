"""SeqGAN's budget schedule from the strongest MLE start: MLE stopped early on a validation split.

MLE holds out 1,000 of the 10,000 training sequences (never the test set), keeps the epoch of
lowest validation NLL and stops 10 epochs after it (at most the paper's 120). SeqGAN's own 120
epochs overfit (NLL-test rises from ~7.6 near epoch 5 to ~9.05), so adversarial rows started
from that model are compared with a weak baseline; this recipe starts them from a good one.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_budget")
    config.mle_validation_size = 1000  # 10 % of the training sequences.
    config.mle_patience = 10  # Epochs without a lower validation NLL before MLE stops.
    return config
