#!/usr/bin/env bash
# The benchmark of SPEC/issue 7: opfolg annotate end to end against the
# floor (read both workbooks with calamine, write the cells plus three
# columns with rust_xlsxwriter), on synthetic pairs of 35, 2,000 and 20,000
# initiatives; also check and diff. Times are hyperfine means of whole
# processes; peak memory is GNU time's maximum resident set size.
#
#   bash benches/run.sh [SIZES...]        (default: 35 2000 20000)
#
# Each size runs twice: the realistic pair, and the finding-heavy one
# (`heavy`: most rows carry findings, so notes), side by side.
#
# Needs hyperfine and GNU time: apt-get install -y hyperfine time
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-35 2000 20000}")
read -r -a sizes <<< "${sizes[*]}"
for tool in hyperfine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "benches/run.sh: $tool is missing (apt-get install -y hyperfine time)" >&2; exit 2; }
done
cargo build --release --quiet --bin opfolg --example bench_gen --example bench_floor
bin=target/release
dir=target/bench
mkdir -p "$dir"
peak() { /usr/bin/time -f %M "$@" >/dev/null 2>"$dir/time.txt" || true; tail -1 "$dir/time.txt"; }
mean() { jq -r '.results[0].mean' "$1" 2>/dev/null || python3 -c "import json,sys;print(json.load(open('$1'))['results'][0]['mean'])"; }
printf '| initiatives | pair | file size | floor | annotate | ratio | floor peak | annotate peak | check | diff |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for n0 in "${sizes[@]}"; do
for kind in realistic heavy; do
  n=$n0
  if [ "$kind" = heavy ]; then
    [ -f "$dir/cur-$n-heavy.xlsx" ] || "$bin/examples/bench_gen" "$n" "$dir" heavy
    n="$n0-heavy"
  else
    [ -f "$dir/cur-$n.xlsx" ] || "$bin/examples/bench_gen" "$n" "$dir"
  fi
  prev="$dir/prev-$n.xlsx"; cur="$dir/cur-$n.xlsx"
  runs=10; [ "$n0" -ge 10000 ] && runs=5
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$dir/floor-$n.json" \
    "$bin/examples/bench_floor $prev $cur $dir/floor-out-$n.xlsx" >/dev/null
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$dir/annotate-$n.json" \
    "$bin/opfolg annotate $cur --previous $prev -o $dir/annotate-out-$n.xlsx --force" >/dev/null
  hyperfine -N --warmup 1 --runs "$runs" -i --export-json "$dir/check-$n.json" \
    "$bin/opfolg check $cur" >/dev/null 2>&1
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$dir/diff-$n.json" \
    "$bin/opfolg diff $prev $cur --format json" >/dev/null
  f=$(mean "$dir/floor-$n.json"); a=$(mean "$dir/annotate-$n.json")
  c=$(mean "$dir/check-$n.json"); d=$(mean "$dir/diff-$n.json")
  fp=$(peak "$bin/examples/bench_floor" "$prev" "$cur" "$dir/floor-out-$n.xlsx")
  ap=$(peak "$bin/opfolg" annotate "$cur" --previous "$prev" -o "$dir/annotate-out-$n.xlsx" --force)
  size=$(du -h "$cur" | cut -f1)
  python3 - "$n0" "$kind" "$size" "$f" "$a" "$fp" "$ap" "$c" "$d" <<'PY'
import sys
n, kind, size, f, a, fp, ap, c, d = sys.argv[1:]
f, a, c, d = float(f), float(a), float(c), float(d)
ms = lambda s: f"{s*1000:.0f} ms" if s < 1 else f"{s:.2f} s"
mib = lambda k: f"{int(k)/1024:.0f} MiB"
print(f"| {int(n):,} | {kind} | {size} | {ms(f)} | {ms(a)} | {a/f:.1f}× | {mib(fp)} | {mib(ap)} | {ms(c)} | {ms(d)} |")
PY
done
done
