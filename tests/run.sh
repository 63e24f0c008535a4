#!/usr/bin/env bash
# The whole test suite, as on a fresh machine: installs what is missing, builds the
# normal tree (warnings as errors) and the sanitizer tree (ASan + UBSan), and runs every
# ctest test in both. Exit status is non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

bash hw/linux/install-deps.sh

build_and_test() {
  local dir=$1; shift
  echo "=== $dir: configure and build ==="
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$dir/configure.log" 2>&1 ||
    { cat "$dir/configure.log"; return 1; }
  cmake --build "$dir" -j"$jobs"
  echo "=== $dir: ctest ==="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" --output-on-failure -j"$jobs" --timeout 600
}

mkdir -p build build-asan
status=0
build_and_test build || status=1
build_and_test build-asan -DTG_SANITIZE=ON || status=1
if [ $status -ne 0 ]; then echo "tests: FAILED"; else echo "tests: all passed (normal and ASan+UBSan builds)"; fi
exit $status
