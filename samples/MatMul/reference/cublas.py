"""cuBLAS fp32 SGEMM (through PyTorch, TF32 off) on n x n matrices, timed the way the MatMul sample and the Compare
benchmark time their kernels: median of 10 after a warm-up, CUDA events. Prints RESULT lines in the sample's format,
which `Compare --cublas FILE` reads.

Usage: python3 cublas.py [N ...]      sizes, e.g. 1024 2048 4096 (the default)
       python3 cublas.py 64..4096     every power of two from 64 to 4096 (Compare's matmul sizes)"""
import sys
import torch


def sizes(args):
    result = []
    for arg in args:
        if ".." in arg:
            low, high = (int(x) for x in arg.split("..", 1))
            n = low
            while n <= high:
                result.append(n)
                n *= 2
        else:
            result.append(int(arg))
    if any(n < 1 for n in result):
        sys.exit(f"sizes must be positive: {args}")
    return result or [1024, 2048, 4096]


torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
print(f"# cuBLAS SGEMM through PyTorch {torch.__version__} on {torch.cuda.get_device_name()}, TF32 off")
for n in sizes(sys.argv[1:]):
    a = torch.rand(n, n, device="cuda") - 0.5
    b = torch.rand(n, n, device="cuda") - 0.5
    c = a @ b
    for _ in range(3):  # the first calls pick and load cuBLAS's kernel for this shape
        torch.matmul(a, b, out=c)
    torch.cuda.synchronize()
    times = []
    for _ in range(10):
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        torch.matmul(a, b, out=c)
        stop.record()
        stop.synchronize()
        times.append(start.elapsed_time(stop))
    ms = sorted(times)[len(times) // 2]
    print(f"RESULT kernel=cublas n={n} ms={ms:.4f} gflops={2 * n ** 3 / (ms * 1e6):.1f} ok=True", flush=True)
