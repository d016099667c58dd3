#!/usr/bin/env bash
# Every GPU test project on the GPU machine in one run, with random kernels from a fresh seed beside them.
#   here:        build each test project into one bundle (the GPU machine has no .NET SDK):
#                  for p in GpuDsl.Cuda.Tests GpuDsl.Fuzz.Tests GpuDsl.Ported.Tests GpuDsl.Mlp.Tests; do
#                    dotnet build tests/$p/$p.csproj -c Release -o /tmp/stage/$p; done
#                  tar -C /tmp/stage -cf - . | xz -T2 -6 > .gpu/tests.tar.xz
#                and ../shared/gpu/stage.sh once for .gpu/dotnet.tar.xz and .gpu/run.sh
#   GPU machine: bash tests/run-on-gpu.sh            (the device tool, carry [".gpu"])
# Environment: SEED (random kernels' seed, default 7002), FUZZ_SECONDS (start no new chunk of 100 kernels after this
# many seconds, default 240), LANES (parallel fuzz processes, default 8), OUT (where results.tar.gz and the summary go).
# Prints each project's summary and every failing test, then one line per fuzz chunk.
set -u
final=${OUT:-/tmp/gpu-tests}; res=/tmp/gpu-tests-results; mkdir -p "$final" "$res"
start=$(date +%s)
mkdir -p .gpu/bin /tmp/dotnet && tar -xJf .gpu/tests.tar.xz -C .gpu/bin && { [[ -x /tmp/dotnet/dotnet ]] || tar -xJf .gpu/dotnet.tar.xz -C /tmp/dotnet; }
nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv,noheader | tee "$res/device.txt"
project() { local name=$1 log=$2; shift 2; ( s=$(date +%s); timeout 300 bash .gpu/run.sh "$name" "$@" > "$res/$log.txt" 2>&1; echo "rc=$? seconds=$(( $(date +%s) - s ))" >> "$res/$log.txt" ) & }
# Alone first: its memory-info test reads the device's free memory, which the other processes change.
project GpuDsl.Cuda.Tests gpu-tests; wait
project GpuDsl.Ported.Tests ported-tests
project GpuDsl.Mlp.Tests mlp-tests
project GpuDsl.Fuzz.Tests fuzz-tests
lanes=${LANES:-8}
for lane in $(seq 0 $((lanes - 1))); do
  (
    first=$((lane * 100))
    while (( $(date +%s) - start < ${FUZZ_SECONDS:-240} )); do
      GPUDSL_FUZZ_SEED=${SEED:-7002} GPUDSL_FUZZ_FIRST=$first GPUDSL_FUZZ_COUNT=100 GPUDSL_FUZZ_SHRINK=2 GPUDSL_FUZZ_OUT=$res/fuzz-$first \
        timeout 150 bash .gpu/run.sh GpuDsl.Fuzz.Tests -method '*environment*' > "$res/fuzz-$first.txt" 2>&1
      echo "rc=$?" >> "$res/fuzz-$first.txt"
      first=$((first + lanes * 100))
    done
  ) &
done
wait
echo "tests and random kernels done in $(( $(date +%s) - start )) s"
for f in "$res"/*-tests.txt; do
  echo "== $(basename "$f" .txt)"; grep -aE "\[FAIL\]|Total:|^rc=" "$f" | sed 's/\x1b\[[0-9;]*m//g'
done
for f in "$res"/fuzz-[0-9]*.txt; do
  echo "$(basename "$f" .txt): $(grep -am1 -h '^[0-9]* generated, ' "$f") $(grep -aho 'rc=[0-9]*' "$f" | tail -n 1)"
done | sort -V | tee "$final/fuzz-chunks.txt" | awk '{ n += $2; f += $9 } END { print "random kernels: " n " run, " f " failing" }'
tar -C "$(dirname "$res")" -czf "$final/results.tar.gz" "$(basename "$res")"
