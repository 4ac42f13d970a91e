"""Losses: policy gradient and moment matching (pure functions); filled by the SeqGAN issue."""
