#!/usr/bin/env bash
# Runs the GpuDsl Mlp sample and the same recipe in PyTorch (train_torch.py) on the same data, each evaluates the
# other's saved weights, and prints the results side by side.
#
#   bash samples/Mlp/reference/compare.sh [--data DIR] [--epochs N] [--compile] [--cpu]
#
# Run it from the repository root on the GPU machine, where the staged sample runs as `bash .gpu/run.sh Mlp`. Set
# MLP_CMD to run ours another way, for example MLP_CMD="dotnet run --project samples/Mlp -c Release --". --compile adds
# a column for the torch.compile'd model. Needs python3 with numpy and torch; the cross-evaluation also needs the
# safetensors package and is skipped without it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
data=/usr/share/datasets/fashion-mnist
epochs=5
compile=0
cpu=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --data) data=$2; shift 2 ;;
        --epochs) epochs=$2; shift 2 ;;
        --compile) compile=1; shift ;;
        --cpu) cpu=(--cpu); shift ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

read -r -a ours <<< "${MLP_CMD:-bash .gpu/run.sh Mlp}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "=== GpuDsl: ${ours[*]} --no-progress --data $data --epochs $epochs ${cpu[*]}"
"${ours[@]}" --no-progress --data "$data" --epochs "$epochs" --save "$work/ours.safetensors" "${cpu[@]}" | tee "$work/ours.log"

have_safetensors=0
python3 -c 'import safetensors' 2>/dev/null && have_safetensors=1
save=()
[[ $have_safetensors == 1 ]] && save=(--save "$work/torch.safetensors")

echo; echo "=== PyTorch (eager): train_torch.py --data $data --epochs $epochs ${cpu[*]}"
python3 "$here/train_torch.py" --data "$data" --epochs "$epochs" "${save[@]}" "${cpu[@]}" | tee "$work/torch.log"

if [[ $compile == 1 ]]; then
    echo; echo "=== PyTorch (torch.compile): train_torch.py --compile --data $data --epochs $epochs ${cpu[*]}"
    python3 "$here/train_torch.py" --compile --data "$data" --epochs "$epochs" "${cpu[@]}" | tee "$work/compiled.log"
fi

# Cross-evaluation: our weights in PyTorch, PyTorch's weights in ours. Equal accuracy to the run's own shows that the
# two agree on the model, the normalization and the file format.
if [[ $have_safetensors == 1 ]]; then
    echo; echo "=== Cross-evaluation"
    python3 "$here/train_torch.py" --data "$data" --eval "$work/ours.safetensors" "${cpu[@]}" | tee "$work/ours-in-torch.log"
    "${ours[@]}" --no-progress --data "$data" --eval "$work/torch.safetensors" "${cpu[@]}" | tee "$work/torch-in-ours.log"
else
    echo; echo "(python3 has no safetensors package: skipping the cross-evaluation)"
fi

# value FILE KEY: the KEY=value field of the last RESULT line of FILE, or "-".
value() {
    [[ -f $1 ]] || { echo "-"; return; }
    grep '^RESULT ' "$1" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$2=//p" | grep . || echo "-"
}

columns=("$work/ours.log" "$work/torch.log")
header=("GpuDsl" "PyTorch")
if [[ $compile == 1 ]]; then columns+=("$work/compiled.log"); header+=("torch.compile"); fi

echo
printf '%-34s' "" ; printf '%16s' "${header[@]}"; echo
for row in "mean epoch ms (2-$epochs):mean_epoch_ms_2_$epochs" "first epoch ms:first_epoch_ms" \
           "samples/s (epochs 2-$epochs):samples_per_s" "final test accuracy:test_accuracy"; do
    printf '%-34s' "${row%%:*}"
    for log in "${columns[@]}"; do printf '%16s' "$(value "$log" "${row##*:}")"; done
    echo
done
if [[ $have_safetensors == 1 ]]; then
    printf '%-34s%16s%16s\n' "accuracy of the other's weights" \
        "$(value "$work/torch-in-ours.log" test_accuracy)" "$(value "$work/ours-in-torch.log" test_accuracy)"
    echo "(the last row: PyTorch's weights evaluated by GpuDsl, and GpuDsl's weights evaluated by PyTorch)"
fi
