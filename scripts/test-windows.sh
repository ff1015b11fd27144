#!/usr/bin/env bash
# Runs opfolg.exe, cross-built here, under Wine (Debian's wine64) through
# the test suite tests/windows: the same outputs as the Linux binary, part
# by part; Windows paths (æøå and spaces, C:\ and UNC, past 260
# characters, other spellings of an input); a workbook open as in Excel;
# the console text; and the window a drop opens (under Xvfb: waits for a
# key in its own window, not in someone else's).
#
#   bash scripts/test-windows.sh
#
# Installs what it needs when run as root (wine64, xvfb, xdotool, mingw-w64,
# the rustup target). Skipped, saying so, only when Wine cannot run here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || need+=(wine wine64)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test-windows: installing ${need[*]}" >&2
    apt-get install -y -q "${need[@]}" >/dev/null ||
      { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; } || true
  fi
fi
wine=$(command -v /usr/lib/wine/wine64 wine64 2>/dev/null | head -1 || true)
if [ -z "$wine" ]; then
  echo "test-windows: SKIPPED: Wine is not installed and cannot be installed here (apt-get install wine64)" >&2
  exit 0
fi

exe=$(bash scripts/build-exe.sh)
# The Windows-only code, linted as CI lints the rest.
cargo clippy --quiet --locked --target x86_64-pc-windows-gnu --lib --bins -- -D warnings

# The test folder: opfolg.exe with the test-only ProcessPrng shim beside
# it (never in dist/), and the helpers that read a console window and
# hold a file open.
dir="$root/target/wine-test"
rm -rf "$dir"
mkdir -p "$dir/bin"
cp "$exe" "$dir/bin/opfolg.exe"
helpers=tests/windows/helpers
cc=x86_64-w64-mingw32-gcc
$cc -shared -O2 -s -o "$dir/bin/bcryptprimitives.dll" \
  "$helpers/bcryptprimitives.c" "$helpers/bcryptprimitives.def" -ladvapi32
$cc -O2 -s -municode -o "$dir/bin/readcon.exe" "$helpers/readcon.c"
$cc -O2 -s -municode -o "$dir/bin/holdopen.exe" "$helpers/holdopen.c"

export WINEPREFIX="$dir/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LANG=C.UTF-8
wineserver=$(command -v "$(dirname "$wine")/wineserver" wineserver 2>/dev/null | head -1 || true)
xvfb_pid=
cleanup() {
  [ -z "$wineserver" ] || "$wineserver" -k 2>/dev/null || true
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

# A display of our own for the windows a drop opens, there before Wine
# starts: a Wine session begun without one makes consoles without windows.
display=:99
for n in $(seq 90 99); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# One Wine server and its services for the whole run, started here with
# nothing of ours open: one started by a test's program would keep that
# program's output pipes open after it ends.
mkdir -p "$WINEPREFIX"
if [ -n "$wineserver" ]; then "$wineserver" -p </dev/null >/dev/null 2>&1 || true; fi
"$wine" wineboot -i </dev/null >/dev/null 2>&1 || true
if ! out=$("$wine" cmd /c echo wine-ok 2>&1) || [[ "$out" != *wine-ok* ]]; then
  echo "test-windows: SKIPPED: Wine cannot run on this machine: $out" >&2
  exit 0
fi
if ! "$wine" "$dir/bin/opfolg.exe" --version >/dev/null; then
  echo "test-windows: opfolg.exe does not start under Wine" >&2
  exit 1
fi

# A console keeps 9,001 lines, as on Windows 10 and 11 (Wine keeps fewer).
"$wine" reg add 'HKCU\Console' /v ScreenBufferSize /t REG_DWORD /d 0x23290050 /f >/dev/null

export OPFOLG_WINE="$wine" OPFOLG_WINE_BIN="$dir/bin"
cargo test --quiet --locked --test windows -- --ignored --test-threads=2
