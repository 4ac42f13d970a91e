"""Trainers: MLE pretraining with `model.fit`, its callbacks, and the workdir experiment."""

from tf_hebbgan.trainers.epoch_timer import EpochTimer
from tf_hebbgan.trainers.evaluation_callback import EvaluationCallback
from tf_hebbgan.trainers.experiment import evaluate, load_generator, sample, train
from tf_hebbgan.trainers.leakgan_trainer import LeakGANTrainer
from tf_hebbgan.trainers.maligan_trainer import MaliGANTrainer
from tf_hebbgan.trainers.mle import compile_for_mle
from tf_hebbgan.trainers.rankgan_trainer import RankGANTrainer
from tf_hebbgan.trainers.relgan_trainer import RelGANTrainer
from tf_hebbgan.trainers.seqgan_trainer import SeqGANTrainer

__all__ = [
    "EpochTimer",
    "EvaluationCallback",
    "LeakGANTrainer",
    "MaliGANTrainer",
    "RankGANTrainer",
    "RelGANTrainer",
    "SeqGANTrainer",
    "compile_for_mle",
    "evaluate",
    "load_generator",
    "sample",
    "train",
]
