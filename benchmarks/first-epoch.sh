#!/usr/bin/env bash
# The first epoch on a machine just started. Ours goes first, loading the MLP's shipped kernel image
# (samples/Mlp/gpudsl-kernels: no NVRTC at all), then PyTorch eager, then ours again without the image (NVRTC's first
# use on the machine, cold kernel cache), then PyTorch's second process. Run on the GPU machine from the repository root
# after staging the Mlp sample (../shared/gpu/stage.sh samples/Mlp/Mlp.csproj), on a fresh lease. DATA defaults to
# synthetic Fashion-MNIST-shaped files (an epoch costs the same whatever the pixels), written by
# benchmarks/mlp/synthetic_idx.py.
set -uo pipefail
data=${DATA:-/tmp/synthetic-fashion-mnist}
[[ -f $data/train-images-idx3-ubyte.gz ]] || python3 benchmarks/mlp/synthetic_idx.py "$data"
without=$(mktemp -d) && cp -r .gpu/bin/Mlp/. "$without" && rm -rf "$without/gpudsl-kernels"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "=== 1. GpuDsl, the machine's first process: shipped kernel image, cold kernel cache"
GPUDSL_CACHE_DIR=$(mktemp -d) bash .gpu/run.sh Mlp --no-progress --data "$data" --epochs 2
echo "=== 2. PyTorch eager"
python3 samples/Mlp/reference/train_torch.py --data "$data" --epochs 2
echo "=== 3. GpuDsl without the image: NVRTC's first use on this machine, cold kernel cache"
GPUDSL_CACHE_DIR=$(mktemp -d) DOTNET_ROOT=/tmp/dotnet /tmp/dotnet/dotnet "$without/Mlp.dll" --no-progress --data "$data" --epochs 2
echo "=== 4. PyTorch eager, second process"
python3 samples/Mlp/reference/train_torch.py --data "$data" --epochs 2
