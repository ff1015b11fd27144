#!/usr/bin/env bash
# Where annotate's time goes: a flame graph of one `opfolg annotate` on the
# benchmark's pairs at 20,000 initiatives (realistic and finding-heavy),
# sampled with perf, drawn with inferno. Writes benches/flame-<pair>.svg.
#
#   bash benches/flame.sh [SIZE]        (default 20000)
#
# Needs: apt-get install -y linux-perf; cargo install inferno
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
for tool in perf inferno-collapse-perf inferno-flamegraph; do
  command -v "$tool" >/dev/null || { echo "benches/flame.sh: $tool is missing (apt-get install -y linux-perf; cargo install inferno)" >&2; exit 2; }
done
# The release build with line tables, in a target directory of its own so
# the ordinary release build is not rebuilt.
export CARGO_PROFILE_RELEASE_DEBUG=line-tables-only
target=target/flame
CARGO_TARGET_DIR=$target cargo build --release --quiet --bin opfolg --example bench_gen
bin=$target/release
dir=target/bench
mkdir -p "$dir"
for kind in realistic heavy; do
  suffix=""; [ "$kind" = heavy ] && suffix="-heavy"
  [ -f "$dir/cur-$n$suffix.xlsx" ] || "$bin/examples/bench_gen" "$n" "$dir" ${suffix:+heavy}
  perf record -q -F 999 -g --call-graph dwarf,16384 -o "$dir/perf-$kind.data" \
    "$bin/opfolg" annotate "$dir/cur-$n$suffix.xlsx" --previous "$dir/prev-$n$suffix.xlsx" \
    -o "$dir/flame-out.xlsx" --force >/dev/null 2>&1
  perf script -i "$dir/perf-$kind.data" 2>/dev/null | inferno-collapse-perf > "$dir/folded-$kind.txt"
  inferno-flamegraph --minwidth 0.3 --title "opfolg annotate, $n initiatives, $kind pair" \
    < "$dir/folded-$kind.txt" > "benches/flame-$kind.svg"
  echo "benches/flame-$kind.svg"
done
