"""MLE on COCO image captions (Texygen's benchmark files): 80 epochs, as Texygen pretrains."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_oracle")  # SeqGAN's generator and optimiser (batch 64, Adam).
    config.data = "tf_hebbgan:assets/image_coco.txt"  # 10,000 training captions.
    config.test_data = "tf_hebbgan:assets/image_coco_test.txt"  # 10,000 held-out captions.
    config.tokenizer = "nltk"  # Lower-cased, punctuation split, as Texygen tokenizes.
    config.mle_epochs = 80  # Texygen's pre_epoch_num for COCO.
    config.num_eval_samples = 2000  # Generated sentences scored by BLEU and self-BLEU.
    return config
