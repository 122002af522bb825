#!/usr/bin/env bash
# The whole test suite: set-up (missing apt packages), a normal build and its tests, then the
# same suite under AddressSanitizer + UndefinedBehaviorSanitizer. Usage: scripts/test.sh [--fast]
#   --fast   skip the sanitizer build (for a quick local loop; CI runs everything)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

jobs=$(nproc 2>/dev/null || echo 2)
build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" -- --no-print-directory
}

echo "== build and test (release)"
build build
(cd build && ctest --output-on-failure -j "$jobs")

if [ "${1:-}" != "--fast" ]; then
  echo "== build and test (ASan + UBSan)"
  build build-asan -DYS_SANITIZE=ON
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs")
fi
echo "== all tests passed"
