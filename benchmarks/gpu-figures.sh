#!/usr/bin/env bash
# Reproduces every GPU figure in docs/BENCHMARKS.md in one run on the GPU machine, each beside its reference:
#   here:        ../shared/gpu/stage.sh --data samples/VectorAdd/VectorAdd.csproj samples/MatMul/MatMul.csproj samples/Mlp/Mlp.csproj
#   GPU machine: bash benchmarks/gpu-figures.sh "$OUT"      (the device tool, with carry [".gpu"])
# The Layer and Compare sections run when their builds are staged. Compare's build is about 17 MB (SkiaSharp for its
# charts), too much beside the Fashion-MNIST files within the 64 MiB a run may carry, so stage it in a run of its own:
#   here:        ../shared/gpu/stage.sh samples/VectorAdd/VectorAdd.csproj samples/MatMul/MatMul.csproj samples/Layer/Layer.csproj benchmarks/Compare/Compare.csproj
# Writes each program's output to OUT (default ./gpu-figures) and prints it.
set -uo pipefail
out=${1:-gpu-figures}
mkdir -p "$out"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/device.txt"
echo "== VectorAdd (2^24 floats; reference: device-to-device copy)"
bash .gpu/run.sh VectorAdd 2>&1 | tee "$out/vectoradd.txt"
echo "== MatMul (reference: cuBLAS SGEMM through PyTorch, TF32 off)"
bash .gpu/run.sh MatMul 1024 2048 4096 2>&1 | tee "$out/matmul.txt"
python3 samples/MatMul/reference/cublas.py 1024 2048 4096 2>&1 | tee -a "$out/matmul.txt"
if [[ -d .gpu/bin/Layer ]]; then
  echo "== Layer (one dense layer, tiled product with a fused bias + sigmoid; checked against double precision)"
  bash .gpu/run.sh Layer 2>&1 | tee "$out/layer.txt"
fi
if [[ -d .gpu/bin/Compare ]]; then
  echo "== Compare (CPU: plain, Parallel.For, TensorPrimitives; GpuDsl kernels alone and with copies; cuBLAS)"
  python3 samples/MatMul/reference/cublas.py 64..4096 2>&1 | tee "$out/compare-cublas.txt"
  cublas=()
  grep -q '^RESULT kernel=cublas' "$out/compare-cublas.txt" && cublas=(--cublas "$out/compare-cublas.txt")
  bash .gpu/run.sh Compare "${cublas[@]}" --out "$out/compare" 2>&1 | tee "$out/compare.txt"
fi
if [[ -d .gpu/bin/Mlp ]]; then
  echo "== MLP (reference: PyTorch eager, same recipe)"
  bash samples/Mlp/reference/compare.sh --data .gpu/data --compile 2>&1 | tee "$out/mlp.txt"
fi
