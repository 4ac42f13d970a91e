"""SeqGAN on your own text: MLE stopped early on 10 % of it held out, then seqgan_coco's budget.

The project's evidence makes early-stopped MLE the strongest baseline (docs/results.md): on
COCO captions MLE overfits from about epoch 10 of Texygen's 80, so the generator the
adversarial phase starts from is the epoch of lowest NLL on held-out training sentences, not
the last. A tenth of the training file is held out (never the test split), and MLE stops five
epochs after its best. On the 10,000 COCO captions that is 14-16 epochs, ~3.5 minutes on one
core (`results/plastic_lm/mle_coco_early/lstm`, the same MLE with 1,000 held out).
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_coco")  # COCO captions by default; --data gives yours.
    config.mle_validation_fraction = 0.1  # Held out from the training text for early stopping.
    config.mle_patience = 5  # Epochs without a lower validation NLL before MLE stops.
    return config
