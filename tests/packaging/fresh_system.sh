#!/usr/bin/env bash
# The packages on a fresh Debian 12: debootstrap a minimal bookworm into a temp dir from the
# mirror apt uses here, `apt install ./treadguard*.deb` in it (apt resolves the dependencies
# from the mirror, as on a real machine), run the installed controller against the installed
# sim in the chroot and drive it with the installed CLI, upgrade with apt to the higher
# version and check that the edited config and the records survive, then purge.
# Nothing is cached: each run bootstraps and downloads again (its time is printed).
# Skips, saying why, only where debootstrap cannot run: no debootstrap, not root, no mirror.
# usage: fresh_system.sh PACKAGES_DIR   (with v1/ and v2/ from build_packages.sh)
set -euo pipefail
out=$1
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "debootstrap and chroot need root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed (bash hw/linux/install-deps.sh)"

# The mirror apt uses: the first non-security URI of the host's sources.
mirror=$( (cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}'
  cat /etc/apt/sources.list 2>/dev/null | awk '/^deb / {print $2}') | grep -v security | head -1 || true)
[ -n "$mirror" ] || skip "no Debian mirror found in /etc/apt/sources.list*"
# A mirror that does not answer (offline machine) cannot bootstrap anything.
command -v curl >/dev/null && { curl -fsI --max-time 20 "$mirror/dists/bookworm/Release" >/dev/null ||
  skip "the mirror $mirror does not answer"; }

v1=$(cat "$out/v1/version") v2=$(cat "$out/v2/version")
arch=$(dpkg --print-architecture)
work=$(mktemp -d /tmp/tg-fresh.XXXXXX)
R=$work/root
cleanup() {
  [ -f "$work/sim.pid" ] && chroot "$R" sh -c 'kill $(cat /tmp/sim.pid /tmp/ctl.pid) 2>/dev/null' || true
  if mountpoint -q "$R/proc"; then umount "$R/proc" || umount -l "$R/proc"; fi
  # Never delete through a mount: only what is on the temp dir's own file system.
  if ! grep -q " $work/" /proc/mounts; then rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$1"; then echo "ok: $2"; else fail "$2"; fi; }
in_chroot() { chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }

t0=$(date +%s)
echo "=== debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$R" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log"; echo "FAIL: debootstrap"; exit 1; }
t1=$(date +%s)
echo "debootstrap: $((t1 - t0)) s"
mount -t proc proc "$R/proc" # /dev: debootstrap made the nodes apt and dpkg need
cp /etc/resolv.conf "$R/etc/resolv.conf" 2>/dev/null || true
mkdir -p "$R/tmp/v1" "$R/tmp/v2"
cp "$out"/v1/*.deb "$R/tmp/v1/"
cp "$out"/v2/*.deb "$R/tmp/v2/"
debs() { # version dir in the chroot
  for p in treadguard treadguard-hmi treadguard-clinic; do
    local v=$v1
    [ "$1" = v2 ] && v=$v2
    [ -f "$R/tmp/$1/${p}_${v}_${arch}.deb" ] && echo "/tmp/$1/${p}_${v}_${arch}.deb"
  done
}

echo "=== apt install $(debs v1 | xargs -n1 basename | tr '\n' ' ')"
in_chroot apt-get update -qq
# shellcheck disable=SC2046
in_chroot apt-get install -y -qq --no-install-recommends $(debs v1) >"$work/apt1.log" 2>&1 ||
  { tail -30 "$work/apt1.log"; fail "apt install"; exit 1; }
t2=$(date +%s)
echo "apt install: $((t2 - t1)) s ($(grep -c '^Setting up' "$work/apt1.log") packages set up)"
check 'in_chroot getent passwd treadguard | grep -q "created by the treadguard package"' "system user treadguard"
check '[ -L "$R/etc/systemd/system/multi-user.target.wants/treadguard-controller.service" ]' "controller unit enabled"
check '! ls "$R"/run/treadguard >/dev/null 2>&1' "nothing started (no /run/treadguard)"
check '[ "$(in_chroot stat -c %U "/var/lib/treadguard")" = treadguard ]' "records folder owned by treadguard"

run_session() { # runs sim + controller in the chroot as user treadguard; then CLI commands
  in_chroot sh -c 'treadguard-sim --tcp 127.0.0.1:0 --status-interval 0 >/tmp/sim.log 2>&1 & echo $! >/tmp/sim.pid'
  touch "$work/sim.pid"
  local port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*tcp=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$R/tmp/sim.log" | head -1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$R/tmp/sim.log"; fail "installed sim did not start"; return 1; }
  in_chroot install -d -o treadguard -g treadguard -m 0750 /run/treadguard
  in_chroot setpriv --reuid=treadguard --regid=treadguard --init-groups env HOME=/var/lib/treadguard sh -c \
    "treadguard-controller --modbus tcp:127.0.0.1:$port --api /run/treadguard/api.sock --store /var/lib/treadguard/treadguard.db >/tmp/ctl.log 2>&1 & echo \$! >/tmp/ctl.pid"
  for _ in $(seq 1 150); do
    in_chroot treadguard status --json >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  cat "$R/tmp/ctl.log"
  fail "installed controller does not answer on /run/treadguard/api.sock"
  return 1
}
stop_session() {
  in_chroot sh -c 'kill $(cat /tmp/ctl.pid) $(cat /tmp/sim.pid) 2>/dev/null; sleep 1' || true
  rm -f "$work/sim.pid"
}

echo "=== run the controller against the sim, in the chroot, as user treadguard"
if run_session; then
  check 'grep -q "machine demo-delta" "$R/tmp/ctl.log"' "controller found its data in /usr/share/treadguard"
  check 'in_chroot treadguard runners add Ana --mass 62 --target-speed 10' "CLI (default socket /run/treadguard/api.sock): runners add Ana"
  check 'in_chroot treadguard plan Ana >/dev/null' "CLI: plan Ana"
  stop_session
fi
echo "# edited on site by fresh_system.sh" >>"$R/etc/treadguard/controller.toml"
config_sum=$(md5sum <"$R/etc/treadguard/controller.toml")

echo "=== apt upgrade to $v2"
# shellcheck disable=SC2046
in_chroot apt-get install -y -qq --no-install-recommends $(debs v2) >"$work/apt2.log" 2>&1 ||
  { tail -30 "$work/apt2.log"; fail "apt upgrade"; }
check '[ "$(in_chroot dpkg-query -W -f="\${Version}" treadguard)" = "$v2" ]' "treadguard $v2 installed"
check '[ "$(md5sum <"$R/etc/treadguard/controller.toml")" = "$config_sum" ]' "edited config kept"
if run_session; then
  check 'in_chroot treadguard runners list | grep -q Ana' "records kept over the upgrade"
  stop_session
fi

echo "=== apt purge"
in_chroot apt-get purge -y -qq treadguard treadguard-hmi treadguard-clinic >"$work/purge.log" 2>&1 ||
  { tail -30 "$work/purge.log"; fail "apt purge"; }
check '[ ! -e "$R/etc/treadguard" ]' "config removed"
check '[ -s "$R/var/lib/treadguard/treadguard.db" ]' "records kept"
check '! in_chroot getent passwd treadguard-clinic >/dev/null' "treadguard-clinic user removed"
t3=$(date +%s)
echo "fresh system: debootstrap $((t1 - t0)) s, first apt install $((t2 - t1)) s, all $((t3 - t0)) s"
if [ $fails -ne 0 ]; then echo "fresh system: $fails failure(s)"; exit 1; fi
echo "fresh system: all checks passed"
