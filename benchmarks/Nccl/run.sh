#!/usr/bin/env bash
# The figures of issue 19 on a machine with several GPUs, each beside its PyTorch reference, in one run:
#   1. all-reduce bus bandwidth up to 1 GiB: GpuDsl in one process (a thread per GPU), GpuDsl one process per GPU
#      (launched as README "Several GPUs" shows), torch.distributed (torchrun);
#   2. the MLP's epoch time on 1..N GPUs at a larger width (--hidden 2048, global batch 1024), beside PyTorch DDP.
# Usage: benchmarks/Nccl/run.sh [N]   (N defaults to every GPU; needs dotnet, torch and the Fashion-MNIST files)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-$(nvidia-smi -L | wc -l)}
dotnet build -c Release -v q benchmarks/Nccl/Nccl.csproj samples/Mlp/Mlp.csproj >/dev/null
BENCH=benchmarks/Nccl/bin/Release/net10.0/Nccl.dll
MLP=samples/Mlp/bin/Release/net10.0/Mlp.dll

echo "== all-reduce, GpuDsl, one process, $N GPUs"
dotnet "$BENCH" --gpus "$N"

echo "== all-reduce, GpuDsl, one process per GPU"
ID_FILE=$(mktemp -u /tmp/gpudsl-nccl-id.XXXXXX)
for ((r = 0; r < N; r++)); do
  GPUDSL_RANK=$r GPUDSL_WORLD_SIZE=$N GPUDSL_LOCAL_RANK=$r GPUDSL_NCCL_ID_FILE=$ID_FILE dotnet "$BENCH" &
done
wait
rm -f "$ID_FILE"

echo "== all-reduce, torch.distributed"
torchrun --standalone --nproc_per_node="$N" benchmarks/Nccl/allreduce_torch.py

for ((g = 1; g <= N; g *= 2)); do
  echo "== MLP, GpuDsl, $g GPU(s)"
  dotnet "$MLP" --gpus "$g" --hidden 2048 --batch-size 1024 --epochs 3 --no-progress --save /tmp/mlp-scaling.safetensors | grep -E "Data-parallel|RESULT"
  echo "== MLP, PyTorch DDP, $g GPU(s)"
  torchrun --standalone --nproc_per_node="$g" benchmarks/Nccl/mlp_ddp_torch.py --hidden 2048 --batch-size 1024 --epochs 3 | grep RESULT
done
