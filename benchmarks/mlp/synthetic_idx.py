#!/usr/bin/env python3
"""Writes Fashion-MNIST-shaped IDX files (60,000 + 10,000 random 28x28 images and labels, gzipped) into DIR, for
timing runs on a machine that has no copy of the data set: a training epoch costs the same whatever the pixels are.

    python3 benchmarks/mlp/synthetic_idx.py DIR"""
import gzip, os, struct, sys

if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
    sys.exit("usage: synthetic_idx.py DIR  (writes the four Fashion-MNIST-shaped IDX files into DIR)")
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for split, n in (("train", 60000), ("t10k", 10000)):
    images = os.urandom(n * 28 * 28)
    labels = bytes(b % 10 for b in os.urandom(n))
    with gzip.open(os.path.join(out, f"{split}-images-idx3-ubyte.gz"), "wb", compresslevel=1) as f:
        f.write(struct.pack(">IIII", 0x803, n, 28, 28) + images)
    with gzip.open(os.path.join(out, f"{split}-labels-idx1-ubyte.gz"), "wb", compresslevel=1) as f:
        f.write(struct.pack(">II", 0x801, n) + labels)
print(f"wrote synthetic Fashion-MNIST-shaped IDX files to {out}")
