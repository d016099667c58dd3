"""cuBLAS fp32 SGEMM (through PyTorch, TF32 off) on the same sizes as the MatMul sample, timed the same way:
median of 10 after a warm-up, CUDA events. Prints RESULT lines in the sample's format."""
import sys
import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
sizes = [int(a) for a in sys.argv[1:]] or [1024, 2048, 4096]
for n in sizes:
    a = torch.rand(n, n, device="cuda") - 0.5
    b = torch.rand(n, n, device="cuda") - 0.5
    c = a @ b
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
    print(f"RESULT kernel=cublas n={n} ms={ms:.4f} gflops={2 * n ** 3 / (ms * 1e6):.1f} ok=True")
