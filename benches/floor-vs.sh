#!/usr/bin/env bash
# Issue 29's measure: opfolg annotate against the floor, side by side in
# one run. For each pair (realistic and finding-heavy, at each size) the
# floor and annotate run alternately (floor, annotate, floor, …), RUNS
# times each (default 5); the table gives the medians of wall time and of
# GNU time's peak memory, and the median of the per-pair ratios.
#
#   bash benches/floor-vs.sh [SIZES…]     (default: 2000 20000)
#
# Needs GNU time: apt-get install -y time
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-2000 20000}")
read -r -a sizes <<< "${sizes[*]}"
runs=${RUNS:-5}
cargo build --release --quiet --bin opfolg --example bench_gen --example bench_floor
bin=target/release
dir=target/bench
mkdir -p "$dir"
printf '| pair | floor wall | annotate wall | ratio (median of pairs) | floor peak | annotate peak |\n|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  for kind in realistic heavy; do
    suffix=""; [ "$kind" = heavy ] && suffix="-heavy"
    [ -f "$dir/cur-$n$suffix.xlsx" ] || "$bin/examples/bench_gen" "$n" "$dir" ${suffix:+heavy}
    prev="$dir/prev-$n$suffix.xlsx"; cur="$dir/cur-$n$suffix.xlsx"
    : > "$dir/vs-floor.txt"; : > "$dir/vs-annotate.txt"
    for _ in $(seq "$runs"); do
      /usr/bin/time -f '%e %M' -o "$dir/vs-time.txt" \
        "$bin/examples/bench_floor" "$prev" "$cur" "$dir/vs-floor-out.xlsx" >/dev/null 2>&1
      cat "$dir/vs-time.txt" >> "$dir/vs-floor.txt"
      /usr/bin/time -f '%e %M' -o "$dir/vs-time.txt" \
        "$bin/opfolg" annotate "$cur" --previous "$prev" -o "$dir/vs-annotate-out.xlsx" --force >/dev/null 2>&1
      cat "$dir/vs-time.txt" >> "$dir/vs-annotate.txt"
    done
    python3 - "$n" "$kind" "$dir/vs-floor.txt" "$dir/vs-annotate.txt" <<'PY'
import statistics, sys
n, kind, ff, fa = sys.argv[1:]
load = lambda f: [tuple(map(float, l.split())) for l in open(f) if l.strip()]
f, a = load(ff), load(fa)
med = statistics.median
ms = lambda s: f"{s*1000:.0f} ms" if s < 1 else f"{s:.2f} s"
ratio = med([y[0] / x[0] for x, y in zip(f, a)])
print(f"| {int(n):,} {kind} | {ms(med([x[0] for x in f]))} | {ms(med([x[0] for x in a]))} | {ratio:.2f} | "
      f"{med([x[1] for x in f])/1024:.0f} MiB | {med([x[1] for x in a])/1024:.0f} MiB |")
PY
  done
done
