#!/usr/bin/env bash
# The first epoch on a machine just started, PyTorch eager first and then ours with a cold kernel cache, and ours again
# in a second process with another cold cache and compiling ahead turned off. Run on the GPU machine from the repository
# root after staging the Mlp sample (../shared/gpu/stage.sh samples/Mlp/Mlp.csproj). DATA defaults to synthetic
# Fashion-MNIST-shaped files (an epoch costs the same whatever the pixels), written by benchmarks/mlp/synthetic_idx.py.
set -uo pipefail
data=${DATA:-/tmp/synthetic-fashion-mnist}
[[ -f $data/train-images-idx3-ubyte.gz ]] || python3 benchmarks/mlp/synthetic_idx.py "$data"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
echo "=== PyTorch eager (first process on the machine)"
python3 samples/Mlp/reference/train_torch.py --data "$data" --epochs 2
echo "=== GpuDsl, cold kernel cache, compiling ahead"
GPUDSL_CACHE_DIR=$(mktemp -d) bash .gpu/run.sh Mlp --no-progress --data "$data" --epochs 2 --save /tmp/first-epoch.safetensors
echo "=== GpuDsl, cold kernel cache, GPUDSL_COMPILE_AHEAD=0"
GPUDSL_CACHE_DIR=$(mktemp -d) GPUDSL_COMPILE_AHEAD=0 bash .gpu/run.sh Mlp --no-progress --data "$data" --epochs 2 --save /tmp/first-epoch.safetensors
