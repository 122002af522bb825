#!/usr/bin/env bash
# Builds the Debian package: a Release build of its own (build-pkg/, installed under /usr), CPack's
# .deb with the library dependencies dpkg-shlibdeps finds, then tests/test_package.sh on it
# (unpacked with dpkg -x into a temporary root and run from there).
# Usage: scripts/package.sh [OUTDIR]   (default: the current folder); prints the .deb's path.
#   Install it with `sudo apt install ./yusuan_VERSION_amd64.deb` (apt fetches the dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
outdir=${1:-$OLDPWD}
scripts/setup.sh --package

cmake -S . -B build-pkg -DCMAKE_BUILD_TYPE=Release -DYS_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-pkg -j "$(nproc 2>/dev/null || echo 2)" -- --no-print-directory >/dev/null
rm -f build-pkg/yusuan_*.deb
(cd build-pkg && cpack -G DEB >cpack.log 2>&1) || { cat build-pkg/cpack.log >&2; exit 1; }
deb=$(ls build-pkg/yusuan_*.deb)
tests/test_package.sh build-pkg "$deb" >&2
mkdir -p "$outdir"
cp "$deb" "$outdir/"
echo "$outdir/$(basename "$deb")"
