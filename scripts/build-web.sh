#!/usr/bin/env bash
# Builds the page: dist/opfolg.html, one self-contained file (the
# WebAssembly module, the worker and the scripts inside it) that works
# opened from a folder (file://), from any static web server, and offline.
#
#   bash scripts/build-web.sh
#
# Needs: the wasm32-unknown-unknown target (rustup), the wasm-bindgen
# command-line tool at exactly the version in Cargo.lock (installed here if
# missing), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "build-web: installing wasm-bindgen-cli $version (once)" >&2
  cargo install wasm-bindgen-cli --version "$version" --quiet
fi
out=target/web
mkdir -p "$out" dist
cargo build --quiet -p opfolg-web --lib --target wasm32-unknown-unknown --profile wasm
wasm-bindgen --target no-modules --no-typescript --remove-name-section \
  --remove-producers-section --out-dir "$out" \
  target/wasm32-unknown-unknown/wasm/opfolg_web.wasm
# No wasm-opt: Debian 12's (binaryen 108) saves 4 % of the module and
# breaks wasm-bindgen's externref table ("WebAssembly.Table.set(): Argument
# 1 is invalid for table"), measured on 2026-12-07. It does not pay.
cargo run --quiet -p opfolg-web --example words > "$out/words.json"
python3 - "$out" <<'PY'
import base64, gzip, hashlib, json, sys
out = sys.argv[1]
page = "web/page/"
read = lambda p: open(p, encoding="utf-8").read()
html = read(page + "index.html")
style = read(page + "style.css")
app = read(page + "app.js")
worker = read(f"{out}/opfolg_web.js") + "\n" + read(page + "worker.js")
words = json.dumps(json.load(open(f"{out}/words.json", encoding="utf-8")), ensure_ascii=False)
wasm = open(f"{out}/opfolg_web_bg.wasm", "rb").read()
packed = base64.b64encode(gzip.compress(wasm, 9, mtime=0)).decode()
for name, text in [("style", style), ("app", app), ("worker", worker), ("words", words)]:
    if "</script" in text.lower() or "</style" in text.lower():
        sys.exit(f"build-web: {name} holds a closing tag and cannot be inlined")
words = words.replace("<", "\\u003c")
digest = lambda s: "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
html = (html.replace("@SCRIPT_HASH@", digest(app))
            .replace("@STYLE_HASH@", digest(style))
            .replace("@STYLE@", style)
            .replace("@WORDS@", words)
            .replace("@WORKER@", worker)
            .replace("@WASM@", packed)
            .replace("@APP@", app))
open("dist/opfolg.html", "w", encoding="utf-8").write(html)
size = len(html.encode())
print(f"dist/opfolg.html: {size / 1e6:.2f} MB (WebAssembly {len(wasm) / 1e6:.2f} MB, gzip+base64 {len(packed) / 1e6:.2f} MB)")
if size > 5_000_000:
    sys.exit("build-web: dist/opfolg.html is over 5 MB")
PY
