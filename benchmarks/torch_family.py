"""MaliGAN's, RankGAN's and LeakGAN's timed steps in idiomatic PyTorch at the paper's sizes: the
same-window references of `reinforce_rows.py --torch`, beside SeqGAN's (`torch_reference.py`).
Written for the benchmark as a PyTorch user writes these methods (eager, `nn.LSTMCell`,
`torch.optim.Adam`); the library never imports torch.

- MaliGAN: SeqGAN's networks; a generator step scores one sampled batch with the
  discriminator and weights each sequence by its normalised `D / (1 - D)` minus the mean.
- RankGAN: SeqGAN's CNN body as the ranker (its highway features ranked by cosine against 16
  references and a comparison set of 64 real sentences); the ranker trains on mixed batches
  with RankGAN's loss, and the rollouts are scored by the rank score.
- LeakGAN: the manager / worker generator (LSTMs of 32, goals of the features' size, `k`
  16, horizon 4) whose every step reads the discriminator's features of the current
  prefix by running its body over the zero-padded sentence, as the public implementations
  do; a generator step samples, rolls out 4 completions per prefix, rescales the rewards by
  rank, updates the manager and the worker, then takes an MLE step on a real batch.
"""

import torch
import torch_reference as base
from torch import nn
from torch.nn import functional

V, T, B, E, H = base.V, base.T, base.B, base.E, base.H
GOAL, HORIZON, LEAK_ROLLOUTS = 16, 4, 4
REFERENCES, COMPARISON = 16, 64


class MaliGAN(base.Reference):
    """SeqGAN's networks with MaliGAN's generator step (no rollouts)."""

    def generator_step(self):
        samples = self.generator.sample(B)
        with torch.no_grad():
            self.discriminator.eval()
            d = functional.softmax(self.discriminator(samples), dim=-1)[:, 1].clamp(1e-6, 1 - 1e-6)
            ratio = d / (1 - d)
            rewards = ratio / ratio.sum() - 1.0 / B  # (B,)
        self.policy_update(samples, rewards[:, None].expand(-1, T))


def log_rank(features, comparison, references):
    """RankGAN's `log R(s | U, C)` `(b,)` of `features` ranked against `comparison`."""
    own = functional.normalize(features, dim=-1) @ functional.normalize(references, dim=-1).T
    others = functional.normalize(comparison, dim=-1) @ functional.normalize(references, dim=-1).T
    others = torch.logsumexp(others, dim=0, keepdim=True).expand_as(own)  # (b, u)
    return (own - torch.logaddexp(own, others)).mean(dim=-1)


class RankGAN(base.Reference):
    """SeqGAN's generator and rollouts with a ranker in the discriminator's place."""

    def __init__(self, seed=0):
        super().__init__(seed)
        self.discriminator = base.Discriminator()  # Its features rank; its output is unused.
        self.discriminator_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=1e-4)

    def set_real(self, references, comparison):
        self.references, self.comparison = references, comparison

    def discriminator_epoch(self, tokens, labels):
        """One ranker epoch: each mixed batch ranked against its other label's sentences."""
        self.discriminator.train()
        order = torch.randperm(len(tokens))
        for i in range(0, len(tokens), B):
            picked = order[i : i + B]
            features = self.discriminator.features(tokens[picked])
            references = self.discriminator.features(self.references)
            real = labels[picked].bool()
            generated_rank = log_rank(features[~real], features[real], references)
            real_rank = log_rank(features[real], features[~real], references)
            loss = generated_rank.mean() - real_rank.mean()
            self.discriminator_optimizer.zero_grad()
            loss.backward()
            self.discriminator_optimizer.step()

    def scorer(self):
        """The rank score against the comparison set and references, as rollouts use it."""
        comparison = self.discriminator.features(self.comparison)
        references = self.discriminator.features(self.references)
        return lambda tokens: log_rank(
            self.discriminator.features(tokens), comparison, references
        ).exp()


class LeakGANGenerator(nn.Module):
    """The manager and the worker; `features(tokens)` is the discriminator's, leaked."""

    def __init__(self, features):
        super().__init__()
        dim = sum(base.NUM_FILTERS)
        self.features = features
        self.embedding = nn.Embedding(V, E)
        self.worker = nn.LSTMCell(E, H)
        self.manager = nn.LSTMCell(dim, H)
        self.goal = nn.Linear(H, dim)
        self.psi = nn.Linear(dim, GOAL, bias=False)
        self.output = nn.Linear(H, V * GOAL)  # O_t = reshape(W h_t + b, (V, k)).

    def run(self, tokens, sample_from=None):
        """Teacher-forced over `tokens` `(b, T)` up to `sample_from`, sampling after it:
        `(tokens, logits (b, T, V), features (b, T, F), goals (b, T, F))`."""
        b = len(tokens)
        tokens = tokens.clone()
        state_w = state_m = None
        goals, logits_all, features_all = [], [], []
        previous = tokens.new_zeros(b)  # The start token.
        for t in range(T):
            prefix = torch.cat([tokens[:, :t], tokens.new_zeros((b, T - t))], dim=1)
            feature = self.features(prefix)  # (b, F): the padded prefix through D's body.
            state_m = self.manager(feature, state_m)
            goal = functional.normalize(self.goal(state_m[0]), dim=-1)
            state_w = self.worker(self.embedding(previous), state_w)
            last = torch.stack(goals[-HORIZON:]).sum(0) if goals else torch.zeros_like(goal)
            direction = functional.normalize(self.psi(last), dim=-1)  # (b, k)
            out = self.output(state_w[0]).view(b, V, GOAL)
            logits = torch.bmm(out, direction.unsqueeze(-1)).squeeze(-1)  # (b, V)
            goals.append(goal)
            if sample_from is not None and t >= sample_from:
                tokens[:, t] = torch.multinomial(functional.softmax(logits, -1), 1).squeeze(1)
            previous = tokens[:, t]
            logits_all.append(logits)
            features_all.append(feature)
        return tokens, *(torch.stack(x, dim=1) for x in (logits_all, features_all, goals))

    @torch.no_grad()
    def sample(self, count):
        batches = []
        for i in range(0, count, base.SAMPLE_BATCH):
            rows = min(base.SAMPLE_BATCH, count - i)
            batches.append(self.run(torch.zeros((rows, T), dtype=torch.long), sample_from=0)[0])
        return torch.cat(batches)


def _cosines(a, b):
    return (functional.normalize(a, dim=-1) * functional.normalize(b, dim=-1)).sum(-1)


class LeakGAN(base.Reference):
    """LeakGAN's networks, with one method per timed row; SeqGAN's rollout rewards with
    completions that read the leak and 4 of them per prefix."""

    num_rollouts = LEAK_ROLLOUTS

    def __init__(self, seed=0):  # Networks of its own: the base's are not built.
        torch.manual_seed(seed)
        self.discriminator = base.Discriminator()
        leak = base.Discriminator()  # The discriminator's body, copied after each round.
        leak.load_state_dict(self.discriminator.state_dict())
        leak.eval().requires_grad_(False)
        self.generator = LeakGANGenerator(leak.features)
        self.rollout = LeakGANGenerator(leak.features)
        self.rollout.load_state_dict(self.generator.state_dict())
        self.generator_optimizer = torch.optim.Adam(self.generator.parameters(), lr=1.5e-3)
        self.discriminator_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=1e-4)

    def complete(self, repeated, given):
        return self.rollout.run(repeated, sample_from=given)[0]

    def _update(self, tokens, rewards=None):
        """The worker's and the manager's losses on `tokens`, one optimizer step."""
        _, logits, features, goals = self.generator.run(tokens)
        features = features.detach()
        change = features[:, HORIZON:] - features[:, :-HORIZON]  # f_{t+c} - f_t
        cosines = _cosines(change, goals[:, :-HORIZON])  # (b, T - c)
        log_probs = -functional.cross_entropy(
            logits.reshape(-1, V), tokens.reshape(-1), reduction="none"
        ).view(len(tokens), T)
        if rewards is None:
            worker, manager = -log_probs.mean(), -cosines.mean()
        else:
            intrinsic = sum(
                _cosines(features[:, i:] - features[:, :-i], goals[:, :-i]).mean(1)
                for i in range(1, HORIZON + 1)
            )  # (b,): a sequence-level summary of the worker's intrinsic reward.
            worker = -(log_probs.sum(1) * intrinsic.detach()).mean()
            manager = -(cosines * rewards[:, : T - HORIZON]).mean()
        self.generator_optimizer.zero_grad()
        (worker + manager).backward()
        nn.utils.clip_grad_norm_(self.generator.parameters(), 5.0)
        self.generator_optimizer.step()

    def generator_step(self, real):
        samples = self.generator.sample(B)
        rewards = self.rollout_rewards(samples)
        rank = rewards.argsort(0, descending=True).argsort(0).float() + 1
        self._update(samples, torch.sigmoid(16.0 * (0.5 - rank / B)))
        self._update(real)  # The interleaved MLE step.
