#!/usr/bin/env bash
# Builds what a municipality gets, in dist/:
#
#   dist/opfolg        the command line for Linux (x86_64)
#   dist/opfolg.exe    the program for Windows (x86_64): drop workbooks on
#                      it, or run it from cmd/PowerShell; one file, no
#                      runtime beside it (cross-built here: scripts/build-exe.sh)
#   dist/opfolg.html   the page (scripts/build-web.sh), when this tree has it
#   dist/SHA256SUMS    their checksums (`sha256sum -c SHA256SUMS`)
#
#   bash scripts/release.sh
#
# Needs Rust (rustup), and for the .exe Debian's gcc-mingw-w64-x86-64
# (installed here when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist
rm -f dist/opfolg dist/opfolg.exe dist/SHA256SUMS

echo "release: opfolg (Linux)" >&2
cargo build --quiet --locked --profile dist --bin opfolg
cp target/dist/opfolg dist/opfolg

echo "release: opfolg.exe (Windows)" >&2
exe=$(bash scripts/build-exe.sh)
cp "$exe" dist/opfolg.exe

files=(opfolg opfolg.exe)
if [ -f scripts/build-web.sh ]; then
  echo "release: opfolg.html (the page)" >&2
  bash scripts/build-web.sh
  files+=(opfolg.html)
fi

(cd dist && sha256sum "${files[@]}" > SHA256SUMS)
ls -l "${files[@]/#/dist/}" dist/SHA256SUMS
