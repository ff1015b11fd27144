#!/usr/bin/env bash
# Runs `opfolg annotate --no-previous` over every .xlsx/.xlsm/.xltx/.xltm
# under DIR (say, the test files of Apache POI, calamine and
# rust_xlsxwriter) and proves each output with the package compare of the
# tests. Prints one line per file that is not kept whole and the totals;
# the per-file results go to OUTDIR/results.tsv.
#
#   bash scripts/corpus.sh DIR [OUTDIR]
#
# A package opfolg refuses to name by its extension (a macro-enabled one
# named .xlsx) is annotated again under the extension it asks for. A file
# the checker itself cannot read is counted apart, and the run goes on.
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/corpus.sh DIR [OUTDIR]}
out=${2:-target/corpus}
mkdir -p "$out"
cargo build --release --quiet --bin opfolg --example package_compare || exit 2
bin=target/release/opfolg
cmp=target/release/examples/package_compare
results="$out/results.tsv"
printf 'file\tannotate\tverdict\tparts\tfirst problem\n' > "$results"
total=0; annotated=0; whole=0; unchecked=0; same_sum=0; parts_sum=0
annotate() { timeout 120 "$bin" annotate "$1" --no-previous -o "$2" --force 2>&1 </dev/null >/dev/null; }
while IFS= read -r -d '' f; do
  total=$((total + 1))
  ext=${f##*.}; ext=${ext,,}
  case "$ext" in xlsm|xltm) o="$out/out.xlsm" ;; *) o="$out/out.xlsx" ;; esac
  rm -f "$out/out.xlsx" "$out/out.xlsm"
  err=$(annotate "$f" "$o"); code=$?
  if [ "$code" -eq 2 ] && grep -q '`….xlsm`\|`….xlsx`' <<< "$err"; then
    case "$o" in *.xlsx) o="$out/out.xlsm" ;; *) o="$out/out.xlsx" ;; esac
    err=$(annotate "$f" "$o"); code=$?
  fi
  if [ "$code" -ne 0 ]; then
    printf '%s\texit %s\t-\t-\t%s\n' "$f" "$code" "${err//$'\t'/ }" >> "$results"
    echo "exit $code  $f: $err"
    continue
  fi
  annotated=$((annotated + 1))
  problems=$("$cmp" "$f" "$o" 2>"$out/summary.txt")
  summary=$(cat "$out/summary.txt")
  if ! grep -qE '; [0-9]+ of [0-9]+ parts' <<< "$summary"; then
    # The checker could not read the pair (its own limit, or a broken zip).
    unchecked=$((unchecked + 1))
    printf '%s\t0\tunchecked\t-\t%s\n' "$f" "$(head -1 <<< "$summary" | tr '\t' ' ')" >> "$results"
    echo "UNCHECKED $f"
    continue
  fi
  same=$(sed -E 's/.*; ([0-9]+) of ([0-9]+) parts.*/\1/' <<< "$summary")
  parts=$(sed -E 's/.*; ([0-9]+) of ([0-9]+) parts.*/\2/' <<< "$summary")
  same_sum=$((same_sum + same)); parts_sum=$((parts_sum + parts))
  if [ -z "$problems" ]; then
    whole=$((whole + 1))
    printf '%s\t0\tkept whole\t%s/%s\t\n' "$f" "$same" "$parts" >> "$results"
  else
    first=$(head -1 <<< "$problems")
    printf '%s\t0\tLOST\t%s/%s\t%s\n' "$f" "$same" "$parts" "${first//$'\t'/ }" >> "$results"
    echo "LOST     $f: $first"
  fi
done < <(find "$dir" -type f \( -iname '*.xlsx' -o -iname '*.xlsm' -o -iname '*.xltx' -o -iname '*.xltm' \) -size -20M -print0 | sort -z)
echo "$total workbooks; $annotated annotated (the rest refused with one line); $whole kept whole, $unchecked the checker could not read; $same_sum of $parts_sum parts byte-identical (results: $results)"
