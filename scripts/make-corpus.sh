#!/usr/bin/env bash
# Writes tests/corpus/: follow-up workbooks written by other tools than
# opfolg's own writer (openpyxl; LibreOffice Calc), for the lossless tests.
# Needs: pip install openpyxl pillow; apt-get install -y libreoffice-calc-nogui
# The outputs are committed; re-run only to refresh them (see
# tests/corpus/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/corpus
mkdir -p "$out"
python3 scripts/make-corpus.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# LibreOffice writes its own kind of xlsx: open a sample, the openpyxl
# workbook and an .ods fixture in Calc and save each as xlsx.
cp samples/budget2018-opfoelgning-2.xlsx "$tmp/libreoffice-opf2.xlsx"
cp "$out/openpyxl-opf1.xlsx" "$tmp/libreoffice-features.xlsx"
cp tests/fixtures/budget2018-opfoelgning-2.ods "$tmp/libreoffice-from-ods.ods"
for f in "$tmp"/libreoffice-*; do
  mkdir -p "$tmp/out"
  soffice --headless --calc --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp/out" "$f" >/dev/null 2>&1
done
cp "$tmp"/out/*.xlsx "$out/"
ls -la "$out"
