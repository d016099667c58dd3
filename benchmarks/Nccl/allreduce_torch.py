#!/usr/bin/env python3
"""All-reduce bandwidth through torch.distributed (NCCL backend): the reference for benchmarks/Nccl.

The same measurement as the C# program: float32 sum, sizes 8 B to --max-bytes doubling, --warmup all-reduces then
--iterations timed back to back between two CUDA events on each rank, the slowest rank's time; algorithm bandwidth =
bytes / time, bus bandwidth = algbw * 2(n-1)/n (as nccl-tests reports it). One process per GPU:

    torchrun --standalone --nproc_per_node=2 benchmarks/Nccl/allreduce_torch.py [--max-bytes 1073741824]

Prints one line per size and "RESULT busbw_gbps_<max>=..." for the largest, as the C# program does.
"""
import argparse
import os

import torch
import torch.distributed as dist


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-bytes", type=int, default=1 << 30)
    parser.add_argument("--factor", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=20)
    args = parser.parse_args()

    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    torch.cuda.set_device(local_rank)
    dist.init_process_group("nccl", device_id=torch.device("cuda", local_rank))
    rank, size = dist.get_rank(), dist.get_world_size()
    if rank == 0:
        print(f"all-reduce, sum of float, {size} ranks (torch {torch.__version__}, NCCL {'.'.join(map(str, torch.cuda.nccl.version()))}), "
              f"{args.warmup} warm-up and {args.iterations} timed iterations per size")
        print(f"{'bytes':>14} {'floats':>12} {'time_us':>10} {'algbw_GB/s':>11} {'busbw_GB/s':>11}")

    sizes = []
    nbytes = 8
    while nbytes <= args.max_bytes:
        sizes.append(nbytes)
        nbytes *= args.factor

    bus = 0.0
    for nbytes in sizes:
        count = nbytes // 4
        data = torch.zeros(count, dtype=torch.float32, device="cuda")
        for _ in range(args.warmup):
            dist.all_reduce(data)
        torch.cuda.synchronize()
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(args.iterations):
            dist.all_reduce(data)
        stop.record()
        stop.synchronize()
        elapsed = torch.tensor([start.elapsed_time(stop)], device="cuda")
        dist.all_reduce(elapsed, op=dist.ReduceOp.MAX)  # the slowest rank's time, as the C# program takes
        microseconds = elapsed.item() * 1000 / args.iterations
        algorithm = nbytes / (microseconds * 1e3)
        bus = algorithm * 2 * (size - 1) / size
        if rank == 0:
            print(f"{nbytes:>14} {count:>12} {microseconds:>10.1f} {algorithm:>11.2f} {bus:>11.2f}")
        del data

    if rank == 0:
        print(f"RESULT busbw_gbps_{sizes[-1]}={bus:.2f} ranks={size}")
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
