#!/usr/bin/env python3
"""Times NVRTC on a generated module (a .cu from GpuDslEmitCuda) under several strategies, to choose how GpuDsl
compiles on a cold cache. Run on the GPU machine:

    python3 benchmarks/nvrtc/compile_times.py FILE.cu [--arch sm_90] [--repeat 3]

Prints one line per strategy: the median wall time over --repeat runs (each a fresh program, NVRTC already loaded;
the first, cold load of the library is reported separately)."""
import argparse, ctypes, ctypes.util, glob, os, re, statistics, sys, time
from concurrent.futures import ThreadPoolExecutor


def load_nvrtc():
    names = [os.environ.get("GPUDSL_NVRTC_PATH", "")]
    names += ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"]
    names += sorted(glob.glob("/usr/local/cuda*/lib64/libnvrtc.so*"), reverse=True)
    names += sorted(glob.glob(os.path.join(sys.prefix, "lib/python3*/site-packages/nvidia/cu*/lib/libnvrtc.so*")), reverse=True)
    names += sorted(glob.glob("/usr/local/lib/python3*/dist-packages/nvidia/*/lib/libnvrtc.so*"), reverse=True)
    for n in names:
        if not n:
            continue
        try:
            return ctypes.CDLL(n), n
        except OSError:
            pass
    sys.exit("error: no libnvrtc found; set GPUDSL_NVRTC_PATH")


lib, path = load_nvrtc()


def check(r, what):
    if r != 0:
        lib.nvrtcGetErrorString.restype = ctypes.c_char_p
        raise RuntimeError(f"{what}: {lib.nvrtcGetErrorString(r).decode()}")


def compile_once(src, opts, name="m.cu", cubin=True):
    prog = ctypes.c_void_p()
    check(lib.nvrtcCreateProgram(ctypes.byref(prog), src.encode(), name.encode(), 0, None, None), "create")
    arr = (ctypes.c_char_p * len(opts))(*[o.encode() for o in opts])
    r = lib.nvrtcCompileProgram(prog, len(opts), arr)
    if r != 0:
        size = ctypes.c_size_t()
        lib.nvrtcGetProgramLogSize(prog, ctypes.byref(size))
        log = ctypes.create_string_buffer(size.value)
        lib.nvrtcGetProgramLog(prog, log)
        lib.nvrtcDestroyProgram(ctypes.byref(prog))
        raise RuntimeError(f"compile failed ({' '.join(opts)}):\n{log.value.decode()[:2000]}")
    size = ctypes.c_size_t()
    if cubin:
        check(lib.nvrtcGetCUBINSize(prog, ctypes.byref(size)), "cubin size")
    else:
        check(lib.nvrtcGetPTXSize(prog, ctypes.byref(size)), "ptx size")
    lib.nvrtcDestroyProgram(ctypes.byref(prog))
    return size.value


KERNEL = re.compile(r'^extern "C" __global__ void (\w+)\(', re.M)


def split_kernels(src):
    """The module once per kernel: everything before the first kernel, plus that kernel alone."""
    starts = [m.start() for m in KERNEL.finditer(src)]
    if not starts:
        return [src]
    # Keep the #line directive that precedes a kernel with it.
    starts = [src.rfind("\n#line", 0, s) + 1 if src.rfind("\n#line", 0, s) > (starts[i - 1] if i else 0) else s
              for i, s in enumerate(starts)]
    head = src[:starts[0]]
    bodies = [src[s:e] for s, e in zip(starts, starts[1:] + [len(src)])]
    return [head + b for b in bodies]


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--arch", default="sm_90")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    src = open(a.file).read()
    base = [f"--gpu-architecture={a.arch}", "-std=c++17", "-lineinfo"]
    major, minor = ctypes.c_int(), ctypes.c_int()
    lib.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor))
    print(f"NVRTC {major.value}.{minor.value} from {path}; {a.file}: {src.count(chr(10))} lines, "
          f"{len(KERNEL.findall(src))} kernels; {os.cpu_count()} CPUs")
    t = time.perf_counter()
    compile_once(src, base)
    print(f"{'first compile in the process (cold library)':58s} {(time.perf_counter() - t) * 1000:8.1f} ms")

    parts = split_kernels(src)
    strategies = {
        "whole module, today's options": lambda: compile_once(src, base),
        "whole module, no -lineinfo": lambda: compile_once(src, base[:2]),
        "whole module, -minimal": lambda: compile_once(src, base + ["-minimal"]),
        "whole module, -minimal --fmad=false": lambda: compile_once(src, base + ["-minimal", "--fmad=false"]),
        "whole module, -Xptxas -O1 (kernel speed may suffer)": lambda: compile_once(src, base + ["-Xptxas", "-O1"]),
        "whole module, PTX only (driver JITs on load)": lambda: compile_once(
            src, [f"--gpu-architecture=compute_{a.arch[3:]}"] + base[1:], cubin=False),
        f"one program per kernel ({len(parts)}), in sequence": lambda: [compile_once(p, base) for p in parts],
        f"one program per kernel ({len(parts)}), in parallel": lambda: list(
            ThreadPoolExecutor(len(parts)).map(lambda p: compile_once(p, base), parts)),
        f"one program per kernel ({len(parts)}), in parallel, -minimal": lambda: list(
            ThreadPoolExecutor(len(parts)).map(lambda p: compile_once(p, base + ["-minimal"]), parts)),
        "one program per kernel, 4 threads, -minimal": lambda: list(
            ThreadPoolExecutor(4).map(lambda p: compile_once(p, base + ["-minimal"]), parts)),
    }
    for name, fn in strategies.items():
        try:
            med, lo = timed(fn, a.repeat)
            print(f"{name:58s} {med:8.1f} ms (min {lo:.1f})")
        except RuntimeError as e:
            print(f"{name:58s} failed: {str(e).splitlines()[0]}")
    per = [(KERNEL.search(p).group(1), timed(lambda p=p: compile_once(p, base + ["-minimal"]), 1)[0]) for p in parts]
    for k, ms in sorted(per, key=lambda x: -x[1])[:5]:
        print(f"  slowest alone with -minimal: {k:50s} {ms:8.1f} ms")


main()
