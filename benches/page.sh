#!/usr/bin/env bash
# The page's speed and size (issue 23): the bundled sample pair and a
# 2,000-initiative pair of the benchmark's generator, annotated in headless
# Chromium and by the command line side by side. Needs what scripts/test.sh
# installs (chromium, the page test's npm packages).
#
#   bash benches/page.sh            (RUNS=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin opfolg --example bench_gen
bash scripts/build-web.sh >/dev/null
(cd web/test && [ -d node_modules ] || npm ci --no-audit --no-fund --silent)
mkdir -p target/bench
[ -f target/bench/cur-2000.xlsx ] || target/release/examples/bench_gen 2000 target/bench
node benches/page.mjs \
  samples/budget2018-opfoelgning-1.xlsx,samples/budget2018-opfoelgning-2.xlsx \
  target/bench/prev-2000.xlsx,target/bench/cur-2000.xlsx
