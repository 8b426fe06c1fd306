#!/usr/bin/env bash
# Statistical quality check of stockpile.streams' generator with TestU01.
#
#   bash benchmarks/rng_quality.sh [smallcrush|crush|bigcrush] [runs counters sites]
#
# Needs a C compiler and TestU01 (Debian: apt-get install libtestu01-0-dev, from the non-free
# component). Feeds each order of outputs (see rng_quality.py) to the battery and prints its
# summary; the full reports go to rng_quality-<order>-<battery>.txt in the current directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
battery="${1:-smallcrush}"
shift || true
orders=("${@:-runs counters sites}")
python="${PYTHON:-python}"
driver="$(mktemp -d)/rng_quality"
cc -O2 -o "$driver" "$here/rng_quality.c" -I/usr/include/testu01 \
    -ltestu01 -ltestu01probdist -ltestu01mylib -lm
for order in ${orders[@]}; do
    report="rng_quality-$order-$battery.txt"
    PYTHONPATH="$here/..${PYTHONPATH:+:$PYTHONPATH}" "$python" "$here/rng_quality.py" "$order" \
        | "$driver" "stockpile-$order" "$battery" > "$report" || true
    echo "== $order, $battery"
    sed -n '/Summary results/,$p' "$report" | grep -v '^ *$'
done
