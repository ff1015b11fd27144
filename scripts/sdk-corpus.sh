#!/usr/bin/env bash
# Excel's own rules over a corpus (issue 26.6): for each workbook listed in
# LIST (paths relative to DIR, one per line; e.g. every 16th file of the
# corpus), `opfolg annotate --no-previous`, then Microsoft's Open XML SDK
# validator (`pip install openxml-audit`) over input and output. Prints how
# many outputs add no error the input did not have (errors compared by
# kind: type and description, numbers folded), and the kinds added.
#
#   bash scripts/sdk-corpus.sh DIR LIST [OUTDIR]
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/sdk-corpus.sh DIR LIST [OUTDIR]}
list=${2:?usage: scripts/sdk-corpus.sh DIR LIST [OUTDIR]}
out=${3:-target/sdk-corpus}
mkdir -p "$out/audit"
cargo build --release --quiet --bin opfolg || exit 2
python3 -c 'import openxml_audit' 2>/dev/null || python3 -m pip install --quiet openxml-audit
audit() { timeout 600 python3 -m openxml_audit -o json -m 0 "$1" > "$2" 2>/dev/null; }
while IFS= read -r rel; do
  [ -z "$rel" ] && continue
  key=$(tr '/' '~' <<< "$rel")
  ext=${rel##*.}; ext=${ext,,}
  case "$ext" in xlsm|xltm) o="$out/out.xlsm" ;; *) o="$out/out.xlsx" ;; esac
  rm -f "$out"/out.xls?
  timeout 120 target/release/opfolg annotate "$dir/$rel" --no-previous -o "$o" --force >/dev/null 2>&1 || continue
  audit "$dir/$rel" "$out/audit/$key.in.json"
  audit "$o" "$out/audit/$key.out.json"
done < "$list"
python3 - "$out/audit" "$list" <<'PY'
import collections, json, re, sys
d, rels = sys.argv[1], [l for l in open(sys.argv[2]).read().split("\n") if l]
def load(p):
    try: return json.load(open(p))[0]
    except Exception: return None
def kinds(doc):
    errs = [e for e in (doc or {}).get("errors", []) if e.get("severity") == "error"]
    return collections.Counter((e["type"], re.sub(r"\d+", "N", e["description"])[:110]) for e in errs)
total = clean = 0; added_kinds = collections.Counter()
for rel in rels:
    k = rel.replace("/", "~"); a = load(f"{d}/{k}.in.json"); b = load(f"{d}/{k}.out.json")
    if b is None: continue
    total += 1
    added = kinds(b) - kinds(a)
    if added: added_kinds.update(added.keys())
    else: clean += 1
print(f"{clean} of {total} outputs add no Open XML SDK error their input did not have")
for (typ, desc), n in added_kinds.most_common(10):
    print(f"  {n} files: {typ}: {desc}")
PY
