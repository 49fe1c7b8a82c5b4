#!/usr/bin/python3
"""The LEVI recommendation training step in PyTorch, with the shapes `levi bench train` uses in Java.

Model (DESIGN §4): a frozen MLP backbone 244 -> 128 -> 64 -> 32 (ReLU after each layer, every layer tapped),
a projection per tap (Linear to 32 + LayerNorm), a small model of two hashed-id tables (16,384 x 16, one for
users, one for items) concatenated into Linear(32, 32) + ReLU, and an MLP head over the concatenated views
(128 -> 64 -> 1). Loss: mean squared error. Optimizer: Adam on dense parameters and SparseAdam on the tables
(lazy Adam: only the rows a batch touches are updated), lr 1e-3, which is what the Java optimizer does.

A step = build the batch from in-memory arrays (index a random permutation), frozen backbone forward without
gradients, forward, backward, optimizer steps, copy the loss out. Prints one JSON line.

Run with Debian's python3 (python3-torch): /usr/bin/python3 bench/levi_step.py --threads 1
"""
import argparse
import json
import time

import torch
from torch import nn


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--batch", type=int, default=200)
    p.add_argument("--width", type=int, default=244)
    p.add_argument("--buckets", type=int, default=16384)
    p.add_argument("--examples", type=int, default=20000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU figures of the Python peer")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    torch.manual_seed(a.seed)

    backbone = nn.ModuleList([nn.Sequential(nn.Linear(a.width, 128), nn.ReLU()),
                              nn.Sequential(nn.Linear(128, 64), nn.ReLU()),
                              nn.Sequential(nn.Linear(64, 32), nn.ReLU())])
    for q in backbone.parameters():
        q.requires_grad_(False)
    projections = nn.ModuleList([nn.Sequential(nn.Linear(w, 32), nn.LayerNorm(32)) for w in (128, 64, 32)])
    tables = nn.ModuleList([nn.Embedding(a.buckets, 16, sparse=True) for _ in range(2)])
    small = nn.Sequential(nn.Linear(32, 32), nn.ReLU())
    head = nn.Sequential(nn.Linear(3 * 32 + 32, 64), nn.ReLU(), nn.Linear(64, 1))
    dense = list(projections.parameters()) + list(small.parameters()) + list(head.parameters())
    adam = torch.optim.Adam(dense, lr=1e-3)
    sparse_adam = torch.optim.SparseAdam(list(tables.parameters()), lr=1e-3)

    # The device is chosen once; the model, the data and the batch indices all live on it, so a step makes no
    # host copies except the loss it reports (as the Java step does).
    device = torch.device(a.device)
    for module in (backbone, projections, tables, small, head):
        module.to(device)
    x_all = torch.randn(a.examples, a.width, device=device)
    ids_all = torch.randint(0, a.buckets, (a.examples, 2), device=device)
    y_all = torch.randint(1, 11, (a.examples,), device=device).float() / 2

    def step(idx):
        x, ids, y = x_all[idx], ids_all[idx], y_all[idx]
        with torch.no_grad():
            taps, h = [], x
            for stage in backbone:
                h = stage(h)
                taps.append(h)
        views = [proj(t) for proj, t in zip(projections, taps)]
        g = small(torch.cat([tables[0](ids[:, 0]), tables[1](ids[:, 1])], dim=1))
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
                      "threads": torch.get_num_threads(),
                      "batch": a.batch, "steps": a.steps, "seconds": seconds,
                      "step_ms": 1000 * seconds / a.steps, "samples_per_s": a.steps * a.batch / seconds}))


if __name__ == "__main__":
    main()
