#!/usr/bin/env bash
# systemd-analyze verify on every unit the packages ship, installed with their binaries into
# a throwaway root (cmake --install), so ExecStart= and the dependencies resolve there.
# usage: verify_units.sh BUILD_DIR
set -euo pipefail
build=$1
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is not installed (package systemd); the units are not verified"
  exit 77
fi
root=$(mktemp -d /tmp/tg-units.XXXXXX)
trap 'rm -rf "$root"' EXIT
DESTDIR=$root cmake --install "$build" --prefix /usr >"$root.log" 2>&1 ||
  { cat "$root.log"; rm -f "$root.log"; echo "FAIL: cmake --install"; exit 1; }
rm -f "$root.log"
status=0
units=("$root"/lib/systemd/system/*.service)
[ -e "${units[0]}" ] || { echo "FAIL: no units installed"; exit 1; }
echo "units: $(basename -a "${units[@]}" | tr '\n' ' ')"
# The targets and units ours refer to (sysinit.target, network.target, ...): this host's.
cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
for unit in "${units[@]}"; do
  name=$(basename "$unit")
  if out=$(systemd-analyze verify --root="$root" "$unit" 2>&1) && [ -z "$out" ]; then
    echo "ok: $name"
  else
    echo "FAIL: $name"
    sed 's/^/  /' <<<"$out"
    status=1
  fi
done
exit $status
