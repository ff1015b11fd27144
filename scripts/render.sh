#!/usr/bin/env bash
# Renders a workbook to PNG pages through LibreOffice, to look at what
# opfolg wrote the way a printer or a reader without Excel sees it.
#
#   scripts/render.sh WORKBOOK.xlsx [OUTDIR] [DPI]
#
# Needs LibreOffice and poppler:
#   apt-get install -y libreoffice-calc-nogui poppler-utils
# Writes OUTDIR/<stem>.pdf and OUTDIR/<stem>-<page>.png (default OUTDIR:
# render/ beside the workbook, DPI 80) and prints which sheet starts on
# which page.
set -euo pipefail
workbook=${1:?usage: scripts/render.sh WORKBOOK.xlsx [OUTDIR] [DPI]}
outdir=${2:-$(dirname "$workbook")/render}
dpi=${3:-80}
for tool in soffice pdftoppm pdftotext; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool is missing (apt-get install -y libreoffice-calc-nogui poppler-utils)" >&2; exit 2; }
done
mkdir -p "$outdir"
stem=$(basename "${workbook%.*}")
soffice --headless --convert-to pdf --outdir "$outdir" "$workbook" >/dev/null
pdf="$outdir/$stem.pdf"
pdftoppm -png -r "$dpi" "$pdf" "$outdir/$stem"
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
echo "$pdf: ${pages:-?} pages"
for p in $(seq 1 "${pages:-0}"); do
  first=$(pdftotext -f "$p" -l "$p" "$pdf" - | grep -m1 -v '^\s*$' || true)
  echo "  page $p: ${first:0:70}"
done
