#!/usr/bin/env python3
"""The Mlp sample's data-parallel recipe in PyTorch DistributedDataParallel: the reference for mlp_scaling.sh.

Linear(784, H) -> ReLU -> Linear(H, 10), cross-entropy, SGD lr 0.01 momentum 0.9, a global batch of B split into equal
slices among the ranks (as `Mlp --gpus N` splits it), the same IDX files read with the sample's reference script's
reader, each rank's data on its GPU, each batch gathered and normalized on the device from a per-epoch permutation
that every rank draws from the same seed. DDP averages the gradients (its bucketed all-reduce overlaps the backward
pass). One process per GPU:

    torchrun --standalone --nproc_per_node=2 benchmarks/Nccl/mlp_ddp_torch.py --hidden 2048 --batch-size 1024 --epochs 3

Prints each epoch's time (CUDA events on rank 0 after a barrier) and "RESULT mean_epoch_ms_2_<E>=... gpus=N".
"""
import argparse
import os
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples", "Mlp", "reference"))
from train_torch import DEFAULT_DATA, Net, flatten, normalize, read_idx  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device("cuda", local_rank)
    torch.cuda.set_device(device)
    dist.init_process_group("nccl", device_id=device)
    rank, size = dist.get_rank(), dist.get_world_size()
    if args.batch_size % size:
        sys.exit(f"error: --batch-size {args.batch_size} does not divide among {size} GPUs")

    train_x = torch.from_numpy(flatten(read_idx(args.data, "train-images-idx3-ubyte", 3))).to(device)
    train_y = torch.from_numpy(read_idx(args.data, "train-labels-idx1-ubyte", 1).astype("int64")).to(device)
    count = train_x.shape[0]
    last = count % args.batch_size
    if last % size:
        sys.exit(f"error: the epoch's last batch has {last} samples, which do not divide among {size} GPUs")

    torch.manual_seed(args.seed)
    model = DistributedDataParallel(Net(train_x.shape[1], args.hidden).to(device), device_ids=[local_rank])
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    shuffle = torch.Generator(device="cpu").manual_seed(args.seed * 7919 + 1)
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(count, generator=shuffle).to(device)
        dist.barrier()
        start.record()
        for first in range(0, count, args.batch_size):
            rows = min(args.batch_size, count - first)
            mine = order[first + rank * (rows // size): first + (rank + 1) * (rows // size)]
            loss = F.cross_entropy(model(normalize(train_x[mine])), train_y[mine])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
        if rank == 0:
            print(f"epoch {epoch}: {times[-1]:.1f} ms, last loss {loss.item():.3f}")

    if rank == 0:
        steady = times[1:] or times
        print(f"RESULT mean_epoch_ms_2_{args.epochs}={sum(steady) / len(steady):.1f} gpus={size} hidden={args.hidden} batch={args.batch_size}")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
