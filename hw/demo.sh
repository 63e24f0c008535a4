#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts the virtual treadmill bench
# (treadguard-sim) and runs the belt through it, then stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash hw/linux/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target treadguard-sim treadguard-bench-demo

port=${TREADGUARD_DEMO_PORT:-1502}
build/bin/treadguard-sim --tcp 127.0.0.1:"$port" --status-interval 2 </dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null || true' EXIT
sleep 0.5
build/bin/treadguard-bench-demo "tcp:127.0.0.1:$port" hw/devices/delta-ms300.toml \
  hw/treadmills/demo-delta.toml 8
