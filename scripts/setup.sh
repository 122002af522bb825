#!/usr/bin/env bash
# Installs what yusuan needs on Debian 12 (only the packages that are missing), then builds.
# Used by run.sh and test.sh; safe to run again.  Usage: scripts/setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(cmake make gcc pkg-config
      libgsl-dev libcriterion-dev libcsv-dev libxxhash-dev libinih-dev libxlsxwriter-dev libminizip-dev
      gnuplot-nox fonts-wqy-microhei poppler-utils python3)
# Only for the sanitizer/fuzz builds, the package and benchmarks; installed by test.sh,
# package.sh and bench.sh.
EXTRA=()
case "${1:-}" in
  --test) EXTRA=(clang libclang-rt-14-dev valgrind python3-pandas dpkg-dev file man-db) ;;
  # CPack's .deb: dpkg-shlibdeps (dpkg-dev) and file find the libraries; man-db renders the page
  --package) EXTRA=(dpkg-dev file man-db) ;;
  --bench) EXTRA=(python3-pandas time bc valgrind) ;;
esac

missing=()
for p in "${PKGS[@]}" "${EXTRA[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
