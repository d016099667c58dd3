#!/usr/bin/env bash
# Runs the GPU tests under NVIDIA's compute-sanitizer and prints each tool's summary:
#   memcheck  (out-of-bounds and misaligned device accesses, bad API calls, device memory still allocated when the
#              context is destroyed)
#   racecheck (shared-memory data races between the threads of a block)
# Kernels are compiled with -lineinfo and #line directives, so a report names the C# file and line.
#
#   here:        ../shared/gpu/stage.sh tests/GpuDsl.Cuda.Tests/GpuDsl.Cuda.Tests.csproj
#   GPU machine: bash samples/sanitize.sh [OUT] [test runner options]     (the device tool, with carry [".gpu"])
# for example    bash samples/sanitize.sh "$OUT" -class GpuDsl.Cuda.Tests.SharedMemoryKernelTests
#
# The soak test is left out (a hundred thousand cycles under the sanitizer would take long and find nothing the
# others do not). TOOLS="memcheck" runs one tool. Full logs go to OUT (default ./sanitize). Exits non-zero when a
# tool reports an error or a test fails.
set -uo pipefail
out=${1:-sanitize}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
tests=$root/.gpu/bin/GpuDsl.Cuda.Tests/GpuDsl.Cuda.Tests.dll
if [[ ! -f $tests ]]; then
  echo "sanitize: $tests is missing; stage it first: ../shared/gpu/stage.sh tests/GpuDsl.Cuda.Tests/GpuDsl.Cuda.Tests.csproj" >&2
  exit 1
fi

sanitizer=${COMPUTE_SANITIZER:-$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer /usr/local/cuda-*/bin/compute-sanitizer 2>/dev/null | head -n 1)}
if [[ ! -x $sanitizer ]]; then
  echo "sanitize: compute-sanitizer not found; put the CUDA toolkit's bin directory on PATH or set COMPUTE_SANITIZER" >&2
  exit 1
fi

# The sanitizer must start dotnet itself to see its CUDA calls: the staged runtime with the environment of
# .gpu/run.sh when there is one, otherwise the dotnet on PATH.
if [[ -f $root/.gpu/dotnet.tar.xz ]]; then
  if [[ ! -x /tmp/dotnet/dotnet ]]; then mkdir -p /tmp/dotnet && tar -xJf "$root/.gpu/dotnet.tar.xz" -C /tmp/dotnet; fi
  export DOTNET_ROOT=/tmp/dotnet PATH=/tmp/dotnet:$PATH DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet=/tmp/dotnet/dotnet
else
  dotnet=$(command -v dotnet) || { echo "sanitize: no .NET runtime: stage one, or install .NET 10" >&2; exit 1; }
fi

mkdir -p "$out"
echo "sanitize: $("$sanitizer" --version | tail -n 1)"
status=0
for tool in ${TOOLS:-memcheck racecheck}; do
  options=(--tool "$tool" --target-processes all --error-exitcode 86)
  [[ $tool == memcheck ]] && options+=(--leak-check full)
  log=$out/$tool.log
  echo "== compute-sanitizer ${options[*]}"
  "$sanitizer" "${options[@]}" "$dotnet" "$tests" -noColor -class- GpuDsl.Cuda.Tests.SoakTests "$@" >"$log" 2>&1
  rc=$?
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  grep -E '^========= .*SUMMARY' <<<"$plain" || echo "(no summary from $tool: see $log)"
  grep -E 'Total: [0-9]+' <<<"$plain"
  case $rc in
    0) echo "$tool: clean" ;;
    86) echo "$tool: ERRORS reported; the first ones:"; grep -m 20 -E '^========= (Invalid|Race|Leaked|Program hit|Error|.*hazard)' <<<"$plain"; status=1 ;;
    *) echo "$tool: the tests exited with $rc (a failing test, or the run did not finish); see $log"; status=1 ;;
  esac
done
exit $status
