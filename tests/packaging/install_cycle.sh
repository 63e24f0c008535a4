#!/usr/bin/env bash
# The packages' life on a machine, in a throwaway root: dpkg installs them (maintainer
# scripts run chrootless with DPKG_ROOT, so the host's users, units and udev are never
# touched), the installed controller runs against the installed sim and the installed CLI
# adds a runner, an upgrade to the higher version keeps the edited config and the records,
# remove keeps them too, and purge removes only what the packages created.
# Not a fresh Debian system: the binaries run on this host's libraries and the dependencies
# are this host's packages, checked by dpkg, not resolved by apt (no debootstrap: see
# hw/linux/INSTALL.md). Needs root (dpkg sets owners); skips otherwise.
# usage: install_cycle.sh PACKAGES_DIR   (with v1/ and v2/ from build_packages.sh)
set -euo pipefail
out=$1
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: installing packages into a throwaway root needs root (dpkg sets file owners)"
  exit 77
fi
v1=$(cat "$out/v1/version") v2=$(cat "$out/v2/version")
arch=$(dpkg --print-architecture)
work=$(mktemp -d /tmp/tg-install.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$1"; then echo "ok: $2"; else fail "$2"; fi; }

new_root() { # a root with a dpkg database and the base accounts
  local r=$1
  mkdir -p "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/var/log" "$r/etc"
  touch "$r/var/lib/dpkg/status" "$r/var/lib/dpkg/available"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
  printf 'root:*:19000:0:99999:7:::\n' >"$r/etc/shadow"
  printf 'root:x:0:\ndialout:x:20:\n' >"$r/etc/group"
  printf 'root:*::\ndialout:*::\n' >"$r/etc/gshadow"
  chmod 0640 "$r/etc/shadow" "$r/etc/gshadow"
  cp /etc/login.defs "$r/etc/login.defs"
}
pkgs() { # version: the package files of that version
  local d=$out/v1 v=$v1
  [ "$1" = 2 ] && d=$out/v2 v=$v2
  for p in treadguard treadguard-hmi treadguard-clinic; do
    [ -f "$d/${p}_${v}_${arch}.deb" ] && echo "$d/${p}_${v}_${arch}.deb"
  done
}
# The root's dpkg database gets this host's entries for the packages ours depend on (their
# files are not copied: the binaries run on the host's libraries), so dpkg checks every
# Depends: and its version against real Debian 12 packages, as on a real machine.
seed_dependencies() { # root, debs...
  local r=$1 name
  shift
  for name in $(for deb in "$@"; do dpkg-deb -f "$deb" Depends; done |
    tr ',' '\n' | sed 's/^ *//; s/[ :].*//' | sort -u); do
    case $name in treadguard*) continue ;; esac
    dpkg-query -s "$name" >/dev/null 2>&1 || { fail "dependency $name is not installed on this host"; continue; }
    dpkg-query -s "$name" >>"$r/var/lib/dpkg/status"
    echo >>"$r/var/lib/dpkg/status"
    touch "$r/var/lib/dpkg/info/$name.list"
    [ "$(dpkg-query -W -f='${Multi-Arch}' "$name")" = same ] && touch "$r/var/lib/dpkg/info/$name:$arch.list"
  done
  return 0
}
in_root() { # root, dpkg arguments...
  local r=$1
  shift
  dpkg --root="$r" --force-script-chrootless "$@"
}
installed_version() { dpkg-query --admindir="$1/var/lib/dpkg" -W -f='${Version}' "$2" 2>/dev/null || true; }

# Runs the installed sim and controller from the root, the CLI against them; sets $api.
start_installed() {
  local r=$1
  local log=$work/sim.log
  "$r/usr/bin/treadguard-sim" --tcp 127.0.0.1:0 --status-interval 0 >"$log" 2>&1 &
  pids+=($!)
  local port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*tcp=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$log"; fail "the installed sim did not start"; return 1; }
  api=$work/api.sock
  rm -f "$api"
  "$r/usr/bin/treadguard-controller" --modbus "tcp:127.0.0.1:$port" --api "$api" \
    --store "$r/var/lib/treadguard/treadguard.db" >"$work/controller.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    "$r/usr/bin/treadguard" --api "$api" status --json >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$work/controller.log"
  fail "the installed controller does not answer on its API"
  return 1
}
stop_installed() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

start=$(date +%s)
R=$work/root
new_root "$R"
echo "=== install $v1: $(pkgs 1 | xargs -n1 basename | tr '\n' ' ')"
# shellcheck disable=SC2046
seed_dependencies "$R" $(pkgs 1)
# shellcheck disable=SC2046
in_root "$R" -i $(pkgs 1)
check '[ "$(installed_version "$R" treadguard)" = "$v1" ]' "treadguard $v1 installed"
check 'grep -q "^treadguard:.*created by the treadguard package" "$R/etc/passwd"' "system user treadguard created"
check 'grep -q "^treadguard:" "$R/etc/group"' "system group treadguard created"
check '[ "$(stat -c %U:%G:%a "$R/var/lib/treadguard")" = "$(awk -F: '\''$1=="treadguard"{print $3}'\'' "$R/etc/passwd"):$(awk -F: '\''$1=="treadguard"{print $3}'\'' "$R/etc/group"):750" ] || [ "$(stat -c %a "$R/var/lib/treadguard")" = 750 ]' "records folder /var/lib/treadguard, 0750, owned by treadguard"
check '[ -L "$R/etc/systemd/system/multi-user.target.wants/treadguard-controller.service" ]' "controller unit enabled (multi-user.target.wants)"
check '[ -f "$R/etc/treadguard/controller.toml" ]' "conffile /etc/treadguard/controller.toml"
check '[ -f "$R/lib/udev/rules.d/60-treadguard-rs485.rules" ]' "udev rule installed"
if [ -f "$R/usr/bin/treadguard-hmi" ]; then
  check '[ -L "$R/etc/systemd/system/graphical.target.wants/treadguard-hmi.service" ]' "HMI unit enabled (graphical.target.wants)"
fi
if [ -f "$R/usr/bin/treadguard-clinic" ]; then
  check 'grep -q "^treadguard-clinic:.*created by the treadguard-clinic package" "$R/etc/passwd"' "system user treadguard-clinic created"
  check '[ "$(stat -c %a "$R/etc/treadguard/clinic.toml")" = 640 ]' "clinic.toml readable by its service only (0640)"
  check '[ -L "$R/etc/systemd/system/multi-user.target.wants/treadguard-clinic.service" ]' "clinic unit enabled"
fi

echo "=== run the installed controller against the installed sim"
if start_installed "$R"; then
  check 'grep -q "machine demo-delta" "$work/controller.log"' "controller found its machine file in the installed data"
  check '"$R/usr/bin/treadguard" --api "$api" runners add Ana --mass 62 --target-speed 10' "CLI: runners add Ana"
  check '"$R/usr/bin/treadguard" --api "$api" plan Ana >"$work/plan.txt"' "CLI: plan Ana (profiles from the installed data)"
  check '"$R/usr/bin/treadguard" --api "$api" status --json | grep -q "\"state\""' "CLI: status"
  stop_installed
fi
check '[ -s "$R/var/lib/treadguard/treadguard.db" ]' "records written to /var/lib/treadguard"
echo "# edited on site by install_cycle.sh" >>"$R/etc/treadguard/controller.toml"
config_sum=$(md5sum <"$R/etc/treadguard/controller.toml")

echo "=== upgrade to $v2"
# shellcheck disable=SC2046
in_root "$R" -i $(pkgs 2) </dev/null
check '[ "$(installed_version "$R" treadguard)" = "$v2" ]' "treadguard upgraded to $v2"
check '[ "$(md5sum <"$R/etc/treadguard/controller.toml")" = "$config_sum" ]' "edited config kept over the upgrade"
check '! ls "$R"/etc/treadguard/*.dpkg-* >/dev/null 2>&1' "no .dpkg-new/.dpkg-dist left beside the config"
check '[ "$(grep -c "^treadguard:" "$R/etc/passwd")" = 1 ]' "one treadguard user after the upgrade"
if start_installed "$R"; then
  check '"$R/usr/bin/treadguard" --api "$api" runners list | grep -q Ana' "records kept over the upgrade (runner Ana)"
  stop_installed
fi

echo "=== remove"
in_root "$R" -r $(for p in treadguard-hmi treadguard-clinic treadguard; do
  [ -n "$(installed_version "$R" $p)" ] && echo $p
done)
check '[ ! -e "$R/usr/bin/treadguard-controller" ]' "binaries removed"
check '[ -f "$R/etc/treadguard/controller.toml" ]' "config kept on remove"
check '[ -s "$R/var/lib/treadguard/treadguard.db" ]' "records kept on remove"

echo "=== purge"
in_root "$R" -P treadguard treadguard-hmi treadguard-clinic 2>&1 | tee "$work/purge.log"
check '[ ! -e "$R/etc/treadguard" ]' "purge removed /etc/treadguard"
check '[ ! -e "$R/etc/systemd/system/multi-user.target.wants/treadguard-controller.service" ]' "purge removed the enable link"
check '[ -s "$R/var/lib/treadguard/treadguard.db" ]' "purge kept the records"
check 'grep -q "^treadguard:" "$R/etc/passwd"' "purge kept the user who owns the records"
check 'grep -q "records in /var/lib/treadguard are kept" "$work/purge.log"' "purge said where the records are"
check '! grep -q "^treadguard-clinic:" "$R/etc/passwd"' "purge removed the treadguard-clinic user it created"
check '[ -z "$(installed_version "$R" treadguard)" ]' "nothing of treadguard left in the dpkg database"

echo "=== install and purge with no records"
R2=$work/root2
new_root "$R2"
seed_dependencies "$R2" "$out/v1/treadguard_${v1}_${arch}.deb"
base_passwd=$(md5sum <"$R2/etc/passwd")
base_group=$(md5sum <"$R2/etc/group")
in_root "$R2" -i "$out/v1/treadguard_${v1}_${arch}.deb"
in_root "$R2" -P treadguard
check '[ ! -e "$R2/var/lib/treadguard" ]' "empty records folder removed by purge"
check '[ "$(md5sum <"$R2/etc/passwd")" = "$base_passwd" ] && [ "$(md5sum <"$R2/etc/group")" = "$base_group" ]' "user and group it created removed by purge"
check '[ -z "$(find "$R2" -path "$R2/var/lib/dpkg" -prune -o -path "$R2/var/log" -prune -o -name "*treadguard*" -print)" ]' "nothing named treadguard left in the root"

echo "install cycle took $(($(date +%s) - start)) s"
if [ $fails -ne 0 ]; then echo "install cycle: $fails failure(s)"; exit 1; fi
echo "install cycle: all checks passed"
