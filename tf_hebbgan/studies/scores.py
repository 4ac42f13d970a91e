"""Scoring a generator for a study: every metric of its run's data, at a temperature."""


def run_scorer(generator, config, seed):
    """A function of the temperature giving `{metric: value}` of `generator` on `config`'s
    data (`trainers.evaluation.evaluate_generator`): NLL-oracle and NLL-test on the oracle,
    BLEU, self-BLEU and NLL-test on text.

    The data are loaded once, for every temperature; `config.num_eval_samples` samples are
    drawn with `seed`. A `None` generator scores the reference: the oracle itself, or a
    sample of the training sentences.
    """
    from tf_hebbgan.trainers.evaluation import evaluate_generator
    from tf_hebbgan.trainers.run_data import load_run_data

    data = load_run_data(config)
    if generator is None and data.is_text:
        # Training sentences have no temperature: they are scored once, for every one.
        figures = evaluate_generator(None, data, config.num_eval_samples, seed)
        return lambda temperature: dict(figures)

    def score(temperature):
        return evaluate_generator(generator, data, config.num_eval_samples, seed, temperature)

    return score
