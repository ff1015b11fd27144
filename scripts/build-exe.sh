#!/usr/bin/env bash
# Cross-builds opfolg.exe for 64-bit Windows here, with Debian's mingw-w64
# as the linker (.cargo/config.toml), in the `dist` profile (release,
# stripped), and checks that it imports only Windows' own DLLs: no mingw
# runtime (libgcc_s, libwinpthread) has to lie beside it.
#
#   bash scripts/build-exe.sh      # prints the path of opfolg.exe
#
# Installs what it needs when it can (the rustup target; the mingw-w64
# compiler with apt-get when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu

if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  rustup target add "$target" >&2
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "build-exe: installing gcc-mingw-w64-x86-64" >&2
    apt-get install -y -q gcc-mingw-w64-x86-64 >&2 ||
      { apt-get update -q >&2 && apt-get install -y -q gcc-mingw-w64-x86-64 >&2; }
  else
    echo "build-exe: needs the mingw-w64 compiler: apt-get install gcc-mingw-w64-x86-64" >&2
    exit 1
  fi
fi

cargo build --quiet --locked --profile dist --target "$target" --bin opfolg >&2
exe="target/$target/dist/opfolg.exe"

# Every DLL it imports must come with Windows itself.
bad=$(x86_64-w64-mingw32-objdump -p "$exe" | awk '/DLL Name:/ { print tolower($3) }' | sort -u |
  grep -vxE 'kernel32\.dll|ntdll\.dll|advapi32\.dll|user32\.dll|userenv\.dll|ws2_32\.dll|msvcrt\.dll|bcryptprimitives\.dll|api-ms-win-[a-z0-9-]+\.dll' || true)
if [ -n "$bad" ]; then
  echo "build-exe: $exe needs DLLs Windows does not have: $bad" >&2
  exit 1
fi
echo "$exe"
