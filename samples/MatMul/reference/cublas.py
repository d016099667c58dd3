"""cuBLAS matrix products (through PyTorch) on n x n matrices, timed the way the MatMul sample and the Compare
benchmark time their kernels: median of 10 after a warm-up, CUDA events. Prints RESULT lines in the sample's format,
which `Compare --cublas FILE` reads. By default fp32 SGEMM with TF32 off; --precision picks the tensor-core products
the sample's tensor-core kernels are compared with (fp32 accumulation in each).

Usage: python3 cublas.py [--precision fp32|tf32|fp16|bf16] [N ...]   sizes, e.g. 1024 2048 4096 (the default)
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


args = sys.argv[1:]
precision = "fp32"
if "--precision" in args:
    i = args.index("--precision")
    if i + 1 >= len(args) or args[i + 1] not in ("fp32", "tf32", "fp16", "bf16"):
        sys.exit("error: --precision takes fp32, tf32, fp16 or bf16")
    precision = args[i + 1]
    del args[i:i + 2]
torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
torch.backends.cudnn.allow_tf32 = precision == "tf32"
# Half and bf16 products accumulate in fp32 (PyTorch's default; reduced-precision reductions off to match).
torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction = False
torch.backends.cuda.matmul.allow_bf16_reduced_precision_reduction = False
dtype = {"fp16": torch.float16, "bf16": torch.bfloat16}.get(precision, torch.float32)
kernel = "cublas" if precision == "fp32" else f"cublas_{precision}"
print(f"# cuBLAS {precision} through PyTorch {torch.__version__} on {torch.cuda.get_device_name()}"
      f"{', TF32 off' if precision == 'fp32' else ''}")
for n in sizes(args):
    a = (torch.rand(n, n, device="cuda") - 0.5).to(dtype)
    b = (torch.rand(n, n, device="cuda") - 0.5).to(dtype)
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
    print(f"RESULT kernel={kernel} n={n} ms={ms:.4f} gflops={2 * n ** 3 / (ms * 1e6):.1f} ok=True", flush=True)
