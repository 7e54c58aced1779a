#!/usr/bin/python3
"""PyTorch CPU peer of bench/models.ts (run by it; prints one JSON object on stdout).

The same MLP as certitude's benchmark: D -> 256 -> 256 -> K, ReLU, dropout 0.2 after each hidden layer,
Adam (lr 1e-3), batch 256, cross-entropy; then MC Dropout (T passes with dropout active, no grad) and a
5-member ensemble's prediction (members in eval mode), each over all N rows. The data (float64 x, int32 y)
come from files written by bench/models.ts so both sides see the same numbers.

Usage: models_peer.py --data DIR --rows N --cols D --classes K --epochs E --mc-samples T --members M --threads 2
"""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch import nn


def mlp(d, k, hidden, p):
    layers = []
    width = d
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(p)]
        width = h
    layers.append(nn.Linear(width, k))
    return nn.Sequential(*layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--cols", type=int, required=True)
    ap.add_argument("--classes", type=int, required=True)
    ap.add_argument("--hidden", default="256,256")
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--mc-samples", type=int, default=30)
    ap.add_argument("--members", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    hidden = [int(h) for h in a.hidden.split(",")]
    x = torch.from_numpy(np.fromfile(os.path.join(a.data, "x.f64"), dtype="<f8").reshape(a.rows, a.cols).astype(np.float32))
    y = torch.from_numpy(np.fromfile(os.path.join(a.data, "y.i32"), dtype="<i4").astype(np.int64))

    model = mlp(a.cols, a.classes, hidden, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    epoch_seconds = []
    epoch_cpu = []
    losses = []
    for _ in range(a.epochs):
        model.train()
        t0 = time.perf_counter()
        c0 = time.process_time()
        perm = torch.randperm(a.rows)
        total = 0.0
        for s in range(0, a.rows, a.batch):
            idx = perm[s : s + a.batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        epoch_seconds.append(time.perf_counter() - t0)
        epoch_cpu.append(time.process_time() - c0)
        losses.append(total / a.rows)

    # MC Dropout: dropout active (train mode), everything else as in inference, T full forward passes.
    model.train()
    t0 = time.perf_counter()
    c0 = time.process_time()
    with torch.no_grad():
        probs = torch.stack([torch.softmax(model(x), dim=1) for _ in range(a.mc_samples)]).double().numpy()
    mc_sampling = time.perf_counter() - t0
    mc_sampling_cpu = time.process_time() - c0
    t1 = time.perf_counter()
    mean = probs.mean(0)
    std = probs.std(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pe = -np.sum(np.where(mean > 0, mean * np.log(mean), 0.0), axis=1)
        ee = -np.sum(np.where(probs > 0, probs * np.log(probs), 0.0), axis=2).mean(0)
    mi = pe - ee
    mc_summary = time.perf_counter() - t1

    # Deep Ensemble inference: M members (freshly initialised: prediction cost does not depend on the weights).
    members = [mlp(a.cols, a.classes, hidden, a.dropout).eval() for _ in range(a.members)]
    t0 = time.perf_counter()
    c0 = time.process_time()
    with torch.no_grad():
        ens = torch.stack([torch.softmax(m(x), dim=1) for m in members]).double().numpy()
    ens_mean = ens.mean(0)
    ens_std = ens.std(0)
    ensemble_seconds = time.perf_counter() - t0
    ensemble_cpu = time.process_time() - c0

    print(json.dumps({
        "peer": "pytorch",
        "versions": {"torch": torch.__version__, "numpy": np.__version__},
        "threads": torch.get_num_threads(),
        "epoch_seconds": epoch_seconds,
        "epoch_cpu_seconds": epoch_cpu,
        "mc_sampling_cpu_seconds": mc_sampling_cpu,
        "ensemble_cpu_seconds": ensemble_cpu,
        "losses": losses,
        "mc_sampling_seconds": mc_sampling,
        "mc_summary_seconds": mc_summary,
        "mc_mean_mutual_information": float(mi.mean()),
        "ensemble_seconds": ensemble_seconds,
        "ensemble_mean_std": float(ens_std.mean()),
        "checks": {"mc_mean_row_sum": float(mean.sum(1).mean()), "ensemble_mean_row_sum": float(ens_mean.sum(1).mean())},
    }))


if __name__ == "__main__":
    main()
