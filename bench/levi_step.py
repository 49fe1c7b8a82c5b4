#!/usr/bin/python3
"""The LEVI recommendation training step in PyTorch, with the shapes `levi bench train` uses in Java.

Model (DESIGN §4; the defaults are the Java recipe's, and `levi bench train` passes every shape explicitly):
- a frozen two-tower backbone over rows [item content (121 columns) | user context (123 columns)]: a content tower
  121 -> 64 -> 32 (content1, content2) over the first part, a user-context tower 123 -> 64 -> 32 (context1,
  context2) over the rest, joint layers over their concatenated outputs 32 + 32 -> 64 -> 32 (joint1, joint2);
  Linear + ReLU everywhere, all six layers tapped, in that order. With --content-features 0 it is instead a
  plain MLP whose layers (layer1, ...) are --layers;
- a projection per tap (Linear to 32 + LayerNorm);
- a small model of two hashed-id tables (16,384 x 16, one for users, one for items) concatenated into
  Linear(32, 32) + ReLU;
- an MLP head over the concatenated views (6 x 32 + 32 = 224 -> 64 -> 1).
Loss: mean squared error. Optimizer: Adam on dense parameters and SparseAdam on the tables (lazy Adam: only the
rows a batch touches are updated), lr 1e-3, which is what the Java optimizer does.

A step = build the batch from in-memory arrays (index a random permutation), frozen backbone forward without
gradients, forward, backward, optimizer steps, copy the loss out. Prints one JSON line, with the trainable
parameter count so that the Java side can check that both build the same model.

Run with Debian's python3 (python3-torch): /usr/bin/python3 bench/levi_step.py --threads 1
"""
import argparse
import json
import time

import torch
from torch import nn


def widths(text):
    return [int(w) for w in text.split(",") if w]


def stack(prefix, inputs, sizes):
    """Linear + ReLU layers named prefix1, prefix2, ...; returns them and the output width."""
    layers = []
    for i, units in enumerate(sizes, start=1):
        layers.append((prefix + str(i), nn.Sequential(nn.Linear(inputs, units), nn.ReLU())))
        inputs = units
    return layers, inputs


class Backbone(nn.Module):
    """The frozen backbone; forward returns every layer's output by name, in network order."""

    def __init__(self, a):
        super().__init__()
        self.content_features = a.content_features
        if a.content_features > 0:
            content, c_out = stack("content", a.content_features, widths(a.content_tower))
            context, u_out = stack("context", a.width - a.content_features, widths(a.context_tower))
            joint, _ = stack("joint", c_out + u_out, widths(a.layers))
            self.stacks = [content, context, joint]
        else:
            layers, _ = stack("layer", a.width, widths(a.layers))
            self.stacks = [layers]
        self.layers = nn.ModuleDict([entry for s in self.stacks for entry in s])
        self.widths = {name: layer[0].out_features for name, layer in self.layers.items()}

    @staticmethod
    def run(layers, h, taps):
        for name, layer in layers:
            h = layer(h)
            taps[name] = h
        return h

    def forward(self, x):
        taps = {}
        if self.content_features > 0:
            content, context, joint = self.stacks
            c = self.run(content, x[:, :self.content_features], taps)
            u = self.run(context, x[:, self.content_features:], taps)
            self.run(joint, torch.cat([c, u], dim=1), taps)
        else:
            self.run(self.stacks[0], x, taps)
        return taps


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--batch", type=int, default=200)
    p.add_argument("--width", type=int, default=244, help="backbone input columns")
    p.add_argument("--content-features", type=int, default=121,
                   help="leading item-content columns of a two-tower backbone; 0 for a plain MLP")
    p.add_argument("--content-tower", default="64,32", help="content tower widths")
    p.add_argument("--context-tower", default="64,32", help="user-context tower widths")
    p.add_argument("--layers", default="64,32", help="joint layer widths (or the plain MLP's layers)")
    p.add_argument("--taps", default="", help="comma-separated tapped layers; empty for all")
    p.add_argument("--projection", type=int, default=32, help="width every tap is projected to")
    p.add_argument("--head-hidden", type=int, default=64)
    p.add_argument("--id-fields", type=int, default=2)
    p.add_argument("--buckets", type=int, default=16384)
    p.add_argument("--embedding-dim", type=int, default=16)
    p.add_argument("--small-width", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--examples", type=int, default=20000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU figures of the Python peer")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    torch.manual_seed(a.seed)

    backbone = Backbone(a)
    for q in backbone.parameters():
        q.requires_grad_(False)
    wanted = set(a.taps.split(",")) if a.taps else set(backbone.widths)
    unknown = wanted - set(backbone.widths)
    if unknown:
        p.error("--taps was %s but %s are not layers; the layers are %s"
                % (a.taps, sorted(unknown), list(backbone.widths)))
    taps = [name for name in backbone.widths if name in wanted]  # network order, as in Java
    projections = nn.ModuleList([nn.Sequential(nn.Linear(backbone.widths[t], a.projection),
                                               nn.LayerNorm(a.projection)) for t in taps])
    tables = nn.ModuleList([nn.Embedding(a.buckets, a.embedding_dim, sparse=True) for _ in range(a.id_fields)])
    small = nn.Sequential(nn.Linear(a.id_fields * a.embedding_dim, a.small_width), nn.ReLU())
    head = nn.Sequential(nn.Linear(len(taps) * a.projection + a.small_width, a.head_hidden), nn.ReLU(),
                         nn.Linear(a.head_hidden, 1))
    dense = list(projections.parameters()) + list(small.parameters()) + list(head.parameters())
    adam = torch.optim.Adam(dense, lr=a.lr)
    sparse_adam = torch.optim.SparseAdam(list(tables.parameters()), lr=a.lr)
    trainable = sum(q.numel() for q in dense + list(tables.parameters()))

    # The device is chosen once; the model, the data and the batch indices all live on it, so a step makes no
    # host copies except the loss it reports (as the Java step does).
    device = torch.device(a.device)
    for module in (backbone, projections, tables, small, head):
        module.to(device)
    x_all = torch.randn(a.examples, a.width, device=device)
    ids_all = torch.randint(0, a.buckets, (a.examples, a.id_fields), device=device)
    y_all = torch.randint(1, 11, (a.examples,), device=device).float() / 2

    def step(idx):
        x, ids, y = x_all[idx], ids_all[idx], y_all[idx]
        with torch.no_grad():
            outputs = backbone(x)
        views = [proj(outputs[t]) for proj, t in zip(projections, taps)]
        g = small(torch.cat([table(ids[:, f]) for f, table in enumerate(tables)], dim=1))
        pred = head(torch.cat(views + [g], dim=1)).reshape(-1)
        loss = ((pred - y) ** 2).mean()
        adam.zero_grad(set_to_none=True)
        sparse_adam.zero_grad(set_to_none=True)
        loss.backward()
        adam.step()
        sparse_adam.step()
        return loss.item()

    order = torch.randperm(a.examples, device=device)
    at = 0

    def next_index():
        nonlocal order, at
        if at + a.batch > a.examples:
            order, at = torch.randperm(a.examples, device=device), 0
        idx = order[at:at + a.batch]
        at += a.batch
        return idx

    for _ in range(a.warmup):
        step(next_index())
    start = time.perf_counter()
    for _ in range(a.steps):
        step(next_index())
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    print(json.dumps({"engine": "pytorch " + torch.__version__, "device": str(device),
                      "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
                      "threads": torch.get_num_threads(), "taps": taps, "trainable_params": trainable,
                      "batch": a.batch, "steps": a.steps, "seconds": seconds,
                      "step_ms": 1000 * seconds / a.steps, "samples_per_s": a.steps * a.batch / seconds}))


if __name__ == "__main__":
    main()
