#!/usr/bin/env bash
# The whole test suite: set-up (missing apt packages), a normal build and its tests, the same
# suite under AddressSanitizer + UndefinedBehaviorSanitizer, the default run under valgrind
# (memcheck: no errors, no leaks), and a short libFuzzer pass of every target.
# Usage: scripts/test.sh [--fast]
#   --fast   the normal build and its tests only (a quick local loop; CI runs everything)
#   FUZZ_SECONDS=N   seconds per fuzz target (default 25)
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

  echo "== valgrind: the default run"
  vg=$(mktemp -d)
  set +e
  valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect -q build/yusuan run datasets -o "$vg/results" -q
  st=$?
  set -e
  rm -rf "$vg"
  # 0 or 1 (findings at --fail-on) are the run's own answers; 99 is valgrind's
  if [ $st -ne 0 ] && [ $st -ne 1 ]; then
    echo "valgrind or the run failed (status $st)" >&2
    exit 1
  fi

  echo "== fuzz: ${FUZZ_SECONDS:-25} s per target"
  scripts/fuzz.sh all "${FUZZ_SECONDS:-25}"
fi
echo "== all tests passed"
