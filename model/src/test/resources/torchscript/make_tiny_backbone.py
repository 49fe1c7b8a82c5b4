"""Writes tiny_backbone.pt: a TorchScript test fixture for TorchScriptBackbone.

Run with Debian's python3-torch (`/usr/bin/python3 make_tiny_backbone.py`) from this folder.
The module maps [batch, 8] inputs through three Linear+ReLU layers and returns every hidden state
as a tuple, the contract LEVI Stream expects of a user's own backbone: forward(x) -> (h0, h1, h2).
Weights are seeded, so re-running writes the same numbers (the file bytes can still differ by torch version).
"""
import torch


class TinyBackbone(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l0 = torch.nn.Linear(8, 16)
        self.l1 = torch.nn.Linear(16, 12)
        self.l2 = torch.nn.Linear(12, 6)

    def forward(self, x):
        h0 = torch.relu(self.l0(x))
        h1 = torch.relu(self.l1(h0))
        h2 = torch.relu(self.l2(h1))
        return h0, h1, h2


if __name__ == "__main__":
    torch.manual_seed(20240717)
    module = torch.jit.script(TinyBackbone().eval())
    module.save("tiny_backbone.pt")
    outputs = module(torch.zeros(2, 8))
    print("saved tiny_backbone.pt; tap shapes:", [tuple(o.shape) for o in outputs])
