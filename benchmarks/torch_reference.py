"""SeqGAN's timed steps written in idiomatic PyTorch at the paper's sizes: the same-window
reference of `versus_torch.py`. Written for the benchmark (plain `nn.LSTM`, `nn.Conv2d`,
`torch.optim.Adam`, eager execution, as a PyTorch user writes them); the library never
imports torch (`pip install ".[bench]"` brings it).

Sizes: vocabulary 5000, length 20, embedding and LSTM 32, batch 64, 16 rollouts, SeqGAN's
1,720-filter CNN discriminator with its highway (embedding 64, dropout 0.25), Adam 1e-2 for
MLE (gradient norm clipped at 5) and 1e-4 for the discriminator.
"""

import numpy as np
import torch
from torch import nn
from torch.nn import functional

V, T, B, E, H, N = 5000, 20, 64, 32, 32, 16
D_EMBED = 64
FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)
SAMPLE_BATCH = 2000  # Rows sampled at once, as the library's sampler.


class Generator(nn.Module):
    """SeqGAN's generator: embedding, one LSTM layer, the vocabulary projection."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.lstm = nn.LSTM(E, H, batch_first=True)
        self.projection = nn.Linear(H, V)

    def forward(self, inputs, state=None):
        """Logits `(batch, time, V)` of the next tokens after `inputs` `(batch, time)`."""
        outputs, state = self.lstm(self.embedding(inputs), state)
        return self.projection(outputs), state

    def teacher_forced_logits(self, tokens):
        start = torch.zeros_like(tokens[:, :1])  # Start token 0.
        return self(torch.cat([start, tokens[:, :-1]], dim=1))[0]

    @torch.no_grad()
    def complete(self, prefix, length=T):
        """`prefix` `(batch, given)` completed to `length` tokens by sampling."""
        start = prefix.new_zeros((len(prefix), 1))  # Start token 0.
        logits, state = self(torch.cat([start, prefix], dim=1))
        tokens = [prefix]
        for _ in range(length - prefix.shape[1]):
            token = torch.multinomial(functional.softmax(logits[:, -1], dim=-1), 1)
            tokens.append(token)
            logits, state = self(token, state)
        return torch.cat(tokens, dim=1)

    def sample(self, count):
        batches = [
            self.complete(torch.zeros((min(SAMPLE_BATCH, count - i), 0), dtype=torch.long))
            for i in range(0, count, SAMPLE_BATCH)
        ]
        return torch.cat(batches)


class Discriminator(nn.Module):
    """SeqGAN's CNN discriminator: convolutions of every filter size over the embedded
    sequence, max over time, a highway, dropout and two logits."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(V, D_EMBED)
        self.convolutions = nn.ModuleList(
            nn.Conv2d(1, count, (size, D_EMBED))
            for size, count in zip(FILTER_SIZES, NUM_FILTERS, strict=True)
        )
        features = sum(NUM_FILTERS)
        self.highway = nn.Linear(features, features)
        self.gate = nn.Linear(features, features)
        self.dropout = nn.Dropout(0.25)
        self.output = nn.Linear(features, 2)

    def features(self, tokens):
        """The highway's features `(batch, 1720)`, after dropout."""
        embedded = self.embedding(tokens).unsqueeze(1)  # (batch, 1, T, D_EMBED)
        pooled = [
            functional.relu(convolution(embedded)).squeeze(3).amax(dim=2)
            for convolution in self.convolutions
        ]
        features = torch.cat(pooled, dim=1)  # (batch, 1720)
        gate = torch.sigmoid(self.gate(features))
        return self.dropout(gate * functional.relu(self.highway(features)) + (1 - gate) * features)

    def forward(self, tokens):
        return self.output(self.features(tokens))


class Reference:
    """The networks and optimizers, seeded, with one method per timed row."""

    def __init__(self, seed=0):
        torch.manual_seed(seed)
        self.generator = Generator()
        self.rollout = Generator()
        self.rollout.load_state_dict(self.generator.state_dict())
        self.discriminator = Discriminator()
        self.generator_optimizer = torch.optim.Adam(self.generator.parameters(), lr=1e-2)
        self.discriminator_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=1e-4)

    def mle_epoch(self, tokens):
        """One epoch of MLE over `tokens` `(count, T)` in batches of B."""
        self.generator.train()
        for i in range(0, len(tokens) - B + 1, B):
            batch = tokens[i : i + B]
            logits = self.generator.teacher_forced_logits(batch)
            loss = functional.cross_entropy(logits.reshape(-1, V), batch.reshape(-1))
            self.generator_optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(self.generator.parameters(), 5.0)
            self.generator_optimizer.step()

    def sample(self, count):
        return self.generator.sample(count)

    num_rollouts = N  # Completions per prefix.

    def scorer(self):
        """What scores a batch of whole sequences `(n, T)` -> `(n,)`: D's probability real."""
        return lambda tokens: functional.softmax(self.discriminator(tokens), dim=-1)[:, 1]

    def complete(self, repeated, given):
        """The rollout network's completions `(n, T)` of the first `given` tokens of
        `repeated` `(n, T)`."""
        return self.rollout.complete(repeated[:, :given])

    @torch.no_grad()
    def rollout_rewards(self, samples):
        """SeqGAN's rewards `(batch, T)`: for each prefix length, `num_rollouts` completions
        scored by `scorer()`, and the whole sequence's score at the end."""
        self.discriminator.eval()
        score = self.scorer()
        repeated = samples.repeat(self.num_rollouts, 1)  # (N * batch, T)
        rewards = []
        for given in range(1, T):
            completed = self.complete(repeated, given)
            rewards.append(score(completed).reshape(self.num_rollouts, -1).mean(dim=0))
        rewards.append(score(samples))
        return torch.stack(rewards, dim=1)

    def generator_step(self):
        """Sample a batch, its rollout rewards, one policy-gradient update."""
        samples = self.generator.sample(B)
        self.policy_update(samples, self.rollout_rewards(samples))

    def policy_update(self, samples, rewards):
        """REINFORCE on `samples` `(B, T)` weighted by `rewards` `(B, T)`, one Adam step."""
        logits = self.generator.teacher_forced_logits(samples)
        log_probs = -functional.cross_entropy(
            logits.reshape(-1, V), samples.reshape(-1), reduction="none"
        )
        loss = -(log_probs * rewards.reshape(-1)).sum() / B
        self.generator_optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(self.generator.parameters(), 5.0)
        self.generator_optimizer.step()

    def discriminator_epoch(self, tokens, labels):
        """One epoch over `tokens` and `labels` in shuffled batches of B."""
        self.discriminator.train()
        order = torch.randperm(len(tokens))
        for i in range(0, len(tokens), B):
            picked = order[i : i + B]
            loss = functional.cross_entropy(self.discriminator(tokens[picked]), labels[picked])
            self.discriminator_optimizer.zero_grad()
            loss.backward()
            self.discriminator_optimizer.step()


def as_tensor(array):
    """A NumPy array of tokens or labels as a long tensor."""
    return torch.from_numpy(np.asarray(array, dtype=np.int64))
