#!/usr/bin/env bash
# Every test opfolg has, on a fresh machine: the Rust tests (unit,
# integration, doc), then the page in a real browser (Debian's Chromium,
# driven by Playwright), then opfolg.exe cross-built and run under Wine.
# Installs what the tests need beyond Rust: the browser and the page
# test's npm packages (and builds the page); scripts/test-windows.sh
# installs Wine and mingw.
#
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export INSTA_UPDATE=${INSTA_UPDATE:-no}

apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "test: installing ${need[*]}" >&2
  apt_install "${need[@]}"
fi

echo "== Rust: unit, integration and doc tests" >&2
cargo test --locked

echo "== A year with the centers answering in openpyxl; Excel's rules (Open XML SDK)" >&2
python3 -c 'import openpyxl' 2>/dev/null || python3 -m pip install --quiet openpyxl
python3 -c 'import openxml_audit' 2>/dev/null || python3 -m pip install --quiet openxml-audit
cargo test --locked --test cli -- --ignored --exact \
  year_openpyxl::a_year_with_returns_written_by_openpyxl \
  sdk::nothing_opfolg_writes_adds_an_sdk_error

echo "== The page: dist/opfolg.html in Chromium" >&2
bash scripts/build-web.sh
(cd web/test && npm ci --no-audit --no-fund --silent)
# The page's downloads are compared with the command line's outputs; the
# test build of the command line writes the same bytes as the release one.
OPFOLG_BIN="${OPFOLG_BIN:-$PWD/target/debug/opfolg}" node --test web/test/page.test.mjs

echo "== opfolg.exe under Wine" >&2
bash scripts/test-windows.sh
