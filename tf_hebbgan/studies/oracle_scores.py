"""Scoring a generator on the oracle benchmark: NLL-oracle and NLL-test at a temperature."""


def oracle_scorer(generator, config, seed):
    """A function of the temperature giving `{"nll_oracle": ..., "nll_test": ...}`.

    The oracle and the test split of `config` are loaded once, for every temperature.
    NLL-oracle scores `config.num_eval_samples` samples drawn with `seed` at that temperature;
    NLL-test is the tempered model's NLL of the test split. A `None` generator scores the
    oracle itself.
    """
    from tf_hebbgan.metrics import nll_oracle, nll_test
    from tf_hebbgan.trainers import experiment

    oracle, _, test_tokens = experiment.oracle_data(config)
    generator = oracle if generator is None else generator

    def score(temperature):
        return {
            "nll_oracle": nll_oracle(generator, oracle, config.num_eval_samples, seed, temperature),
            "nll_test": nll_test(generator, test_tokens, temperature),
        }

    return score
