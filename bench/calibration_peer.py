#!/usr/bin/python3
"""Python peer of bench/calibration.ts: times scikit-learn / numpy / scipy on the SAME inputs.

Called by bench/calibration.ts as  /usr/bin/python3 bench/calibration_peer.py DIR
DIR holds the raw little-endian arrays written by the TypeScript side (see bench/calibration.ts).
Runs each task once and prints one JSON object with, per task, wall seconds, CPU seconds
(time.process_time) and the computed values, so the TypeScript side can check that both sides
computed the same thing. The TypeScript side calls this once per round and keeps the best round.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp
from sklearn.calibration import calibration_curve
from sklearn.isotonic import IsotonicRegression

d = sys.argv[1]
meta = json.load(open(os.path.join(d, "meta.json")))


def load(name, dtype, shape=None):
    a = np.fromfile(os.path.join(d, name), dtype=dtype)
    return a.reshape(shape) if shape else a


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return {"wall": time.perf_counter() - w0, "cpu": time.process_time() - c0}, out


result = {"versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__}}

# Isotonic regression: fit on 10^6 points, predict on the same 10^6 points.
x = load("iso_x.f64", "<f8")
y = load("iso_y.f64", "<f8")
t, pred = timed(lambda: IsotonicRegression(out_of_bounds="clip").fit(x, y).predict(x))
result["isotonic"] = {**t, "predict_sum": float(pred.sum())}

# Top-label ECE, 15 equal-width right-closed bins, on N x 2 probabilities: vectorised numpy.
n_ece = meta["ece_rows"]
probs = load("ece_p.f64", "<f8", (n_ece, 2))
labels = load("ece_y.i32", "<i4")


def numpy_ece(probs, labels, n_bins=15):
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    idx = np.searchsorted(edges[1:-1], conf, side="left")  # (a, b], 0 in the first bin
    sum_conf = np.bincount(idx, weights=conf, minlength=n_bins)
    sum_acc = np.bincount(idx, weights=correct, minlength=n_bins)
    return float(np.abs(sum_acc - sum_conf).sum() / len(labels))


t, ece = timed(lambda: numpy_ece(probs, labels))
result["ece_numpy"] = {**t, "ece": ece}
# scikit-learn's calibration_curve (positive-class reliability curve, 15 uniform bins) on the same rows.
t, curve = timed(lambda: calibration_curve(labels, probs[:, 1], n_bins=15, strategy="uniform"))
result["calibration_curve"] = {**t, "bins": len(curve[0])}

# Temperature scaling on 10^6 x 10 logits: scipy minimize_scalar(bounded) on log T (default xatol 1e-5),
# NLL by logsumexp, T in [0.05, 20] as in certitude.
n_t, k_t = meta["temp_rows"], meta["temp_cols"]
z = load("temp_z.f64", "<f8", (n_t, k_t))
yt = load("temp_y.i32", "<i4")
rows = np.arange(n_t)


def nll(logT):
    u = z / np.exp(logT)
    return float(np.mean(logsumexp(u, axis=1) - u[rows, yt]))


t, r = timed(lambda: minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded"))
result["temperature"] = {**t, "T": float(np.exp(r.x)), "evaluations": int(r.nfev)}
print(json.dumps(result))
