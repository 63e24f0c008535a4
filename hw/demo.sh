#!/usr/bin/env bash
# The main job: a supervised session on the virtual treadmill. Installs what is missing,
# builds, starts treadguard-sim (drive + force plate with a simulated runner) and
# treadguard-controller, adds a demo runner and runs today's pain-free-limit session:
# on the touchscreen HMI when a display is present, else in the terminal (live status
# with a progress bar, the runner's actions scripted). Ends with the session summary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash hw/linux/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target treadguard-sim treadguard-controller treadguard \
  $( [ -f hmi/CMakeLists.txt ] && grep -q treadguard-hmi hmi/CMakeLists.txt && echo treadguard-hmi )

bin=$root/build/bin
work=$(mktemp -d /tmp/treadguard-demo.XXXXXX)
port=${TREADGUARD_DEMO_PORT:-1502}
api=$work/api.sock
tg() { "$bin/treadguard" --api "$api" "$@"; }
cleanup() {
  kill "${ctl:-}" "${sim:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The demo follows the shipped pain-free-limit profile, with the warm-up and cool-down walks
# shortened to 20 s so the whole session fits in about two minutes.
mkdir -p "$work/profiles"
for f in profiles/*.toml; do
  awk '/^\[/{s=$0} s=="[warm_up]"&&/^duration_s =/{$0="duration_s = 20"} s=="[cool_down]"&&/^duration_s =/{$0="duration_s = 20"} {print}' \
    "$f" > "$work/profiles/$(basename "$f")"
done
printf '[controller]\nprofiles = "%s/profiles"\n' "$work" > "$work/controller.toml"

"$bin/treadguard-sim" --tcp 127.0.0.1:"$port" --runner-mass 70 --status-interval 0 </dev/null >"$work/sim.log" 2>&1 &
sim=$!
sleep 0.5
"$bin/treadguard-controller" --config "$work/controller.toml" --modbus tcp:127.0.0.1:"$port" --api "$api" \
  --store "$work/treadguard.db" >"$work/controller.log" 2>&1 &
ctl=$!
for _ in $(seq 50); do [ -S "$api" ] && break; sleep 0.1; done

echo "== treadguard demo: a return-to-run session on the virtual treadmill =="
tg runners add "Demo Runner" --mass 70 --target-speed 10 --target-min 30 --runs-per-week 3 --side left \
  --notes "patellofemoral pain, left knee"
echo "== entry checks before the first run: the runner's two, then the clinician's (demo PIN 2468) =="
tg pin set --new 2468 >/dev/null
tg entry-check "Demo Runner" pain_at_rest --passed
tg entry-check "Demo Runner" pain_free_walking --passed
tg entry-check "Demo Runner" cleared_to_run --passed --pin 2468 --notes "examined, cleared"
echo "== the next 7 days as the protocol plans them =="
tg plan "Demo Runner" --days 7 | grep -E '^[0-9]{4}-|warm-up|  - run|cool-down' || true

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$bin/treadguard-hmi" ]; then
  echo "== the touchscreen HMI is open: choose Demo Runner, start, and end the run with 'limit coming' =="
  "$bin/treadguard-hmi" --api "$api"
else
  echo "== no display: the session runs here; the runner's taps are scripted =="
  tg start --runner "Demo Runner"
  # The scripted runner: a pain report during the run, then "limit coming" after a minute of running.
  ( sleep 60; tg pain 1 >/dev/null; sleep 30; tg limit ) &
  runner=$!
  tg status --watch
  wait "$runner"
fi
echo "== session summary =="
tg sessions show 1 || true
echo "== the plan after today's session =="
tg plan "Demo Runner" --days 3 | grep -E '^[0-9]{4}-|why' | head -8 || true
