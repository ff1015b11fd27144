#!/usr/bin/env bash
# Two builds of opfolg side by side on the benchmark's pairs: `annotate`
# wall time and peak memory, alternating runs (A, B, A, B, …) so both see
# the same machine; medians. For "this change made nothing slower or
# bigger":
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && cargo build --release)
#   bash benches/compare.sh /tmp/before/target/release/opfolg target/release/opfolg [SIZES…]
#
# SIZES default to 2000 20000; each size runs the realistic and the
# finding-heavy pair. RUNS (default 7) runs of each. Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1; b=$2; shift 2
sizes=("${@:-2000 20000}")
read -r -a sizes <<< "${sizes[*]}"
runs=${RUNS:-7}
cargo build --release --quiet --example bench_gen
dir=target/bench
mkdir -p "$dir"
printf '| pair | A wall | B wall | B/A | A peak | B peak |\n|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  for kind in realistic heavy; do
    suffix=""; [ "$kind" = heavy ] && suffix="-heavy"
    [ -f "$dir/cur-$n$suffix.xlsx" ] || target/release/examples/bench_gen "$n" "$dir" ${suffix:+heavy}
    prev="$dir/prev-$n$suffix.xlsx"; cur="$dir/cur-$n$suffix.xlsx"
    : > "$dir/compare-a.txt"; : > "$dir/compare-b.txt"
    for _ in $(seq "$runs"); do
      for side in a b; do
        bin=$a; [ "$side" = b ] && bin=$b
        /usr/bin/time -f '%e %M' -o "$dir/compare-time.txt" \
          "$bin" annotate "$cur" --previous "$prev" -o "$dir/compare-out-$side.xlsx" --force >/dev/null 2>&1
        cat "$dir/compare-time.txt" >> "$dir/compare-$side.txt"
      done
    done
    python3 - "$n" "$kind" "$dir/compare-a.txt" "$dir/compare-b.txt" <<'PY'
import statistics, sys
n, kind, fa, fb = sys.argv[1:]
def load(f):
    rows = [l.split() for l in open(f) if l.strip()]
    return statistics.median(float(r[0]) for r in rows), statistics.median(int(r[1]) for r in rows)
(wa, ma), (wb, mb) = load(fa), load(fb)
t = lambda s: f"{s*1000:.0f} ms" if s < 1 else f"{s:.2f} s"
m = lambda k: f"{k/1024:.0f} MiB"
print(f"| {int(n):,} {kind} | {t(wa)} | {t(wb)} | {wb/wa:.2f} | {m(ma)} | {m(mb)} |")
PY
  done
done
