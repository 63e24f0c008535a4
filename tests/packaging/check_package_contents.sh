#!/usr/bin/env bash
# What the packages hold, read back with dpkg-deb: files where the FHS wants them, the
# conffiles, the maintainer scripts, and runtime dependencies computed by dpkg-shlibdeps.
# usage: check_package_contents.sh DIR_WITH_DEBS
set -euo pipefail
dir=$1
version=$(cat "$dir/version")
arch=$(dpkg --print-architecture)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

deb_of() {
  local f="$dir/${1}_${version}_${arch}.deb"
  [ -f "$f" ] || { fail "no package $f"; return 1; }
  echo "$f"
}
has_file() { grep -qx "$2" <<<"$1" || fail "$3 lacks $2"; }
lacks_match() { if grep -qE "$2" <<<"$1"; then fail "$3 has $(grep -E "$2" <<<"$1" | head -1)"; fi; }
field() { dpkg-deb -f "$1" "$2"; }
# The package names in a Depends: field, one a line.
depends_names() { tr ',' '\n' <<<"$1" | sed 's/^ *//; s/ .*//'; }

check_common() { # deb name
  local deb=$1 name=$2 files control
  files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||')
  has_file "$files" "/usr/share/doc/$name/copyright" "$name"
  has_file "$files" "/usr/share/doc/$name/changelog.gz" "$name"
  lacks_match "$files" '^/usr/local' "$name"
  lacks_match "$files" '^/(home|tmp|work)' "$name"
  [ "$(field "$deb" Package)" = "$name" ] || fail "$name: Package field $(field "$deb" Package)"
  [ "$(field "$deb" Version)" = "$version" ] || fail "$name: Version $(field "$deb" Version)"
  control=$(dpkg-deb -I "$deb")
  for script in postinst prerm postrm; do
    grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$script +#!/bin/sh" <<<"$control" ||
      fail "$name: no executable /bin/sh $script"
  done
  # Installing never starts a unit: only try-restart on upgrade, stop on remove.
  local tmp
  tmp=$(mktemp -d)
  dpkg-deb -e "$deb" "$tmp"
  if grep -nE '(systemctl|deb-systemd-invoke)[^#]*[[:space:]](start|restart|reload-or-restart)[[:space:]]' \
    "$tmp/postinst" "$tmp/prerm" "$tmp/postrm"; then
    fail "$name: a maintainer script starts a unit"
  fi
  for script in postinst prerm postrm; do
    [ "$(stat -c %a "$tmp/$script")" = 755 ] || fail "$name: $script mode $(stat -c %a "$tmp/$script")"
  done
  rm -rf "$tmp"
  echo "$files"
}

conffiles_of() {
  local tmp
  tmp=$(mktemp -d)
  dpkg-deb -e "$1" "$tmp"
  cat "$tmp/conffiles" 2>/dev/null || true
  rm -rf "$tmp"
}

if deb=$(deb_of treadguard); then
  files=$(check_common "$deb" treadguard)
  for f in /usr/bin/treadguard-controller /usr/bin/treadguard /usr/bin/treadguard-sim \
    /etc/treadguard/controller.toml /lib/systemd/system/treadguard-controller.service \
    /lib/udev/rules.d/60-treadguard-rs485.rules \
    /usr/share/doc/treadguard/examples/99-treadguard-serials.rules \
    /usr/share/treadguard/hw/devices/delta-ms300.toml \
    /usr/share/treadguard/hw/devices/yaskawa-v1000.toml \
    /usr/share/treadguard/hw/treadmills/demo-delta.toml \
    /usr/share/treadguard/hw/calibration/sim-plate.toml \
    /usr/share/treadguard/profiles/pain-free-limit.toml; do
    has_file "$files" "$f" treadguard
  done
  # Every device map, machine file and profile of the source tree is shipped.
  for f in "$TG_SOURCE_DIR"/hw/devices/*.toml "$TG_SOURCE_DIR"/hw/treadmills/*.toml \
    "$TG_SOURCE_DIR"/profiles/*.toml; do
    has_file "$files" "/usr/share/treadguard/${f#"$TG_SOURCE_DIR"/}" treadguard
  done
  lacks_match "$files" 'bin/(test_|gait-bench|store-bench|treadguard-bench-demo)' treadguard
  [ "$(conffiles_of "$deb")" = "/etc/treadguard/controller.toml" ] ||
    fail "treadguard conffiles: $(conffiles_of "$deb")"
  depends=$(field "$deb" Depends)
  echo "treadguard Depends: $depends"
  for lib in libmodbus5 libsqlite3-0 libsodium23 libsystemd0 libstdc++6 libc6 passwd tzdata; do
    depends_names "$depends" | grep -qxF "$lib" || fail "treadguard Depends lacks $lib"
  done
  lacks_match "$(depends_names "$depends")" '-dev$' "treadguard Depends"
  # The unit's socket is where the CLI and the HMI look (controller/api/api_socket_path.hpp).
  grep -q 'ExecStart=/usr/bin/treadguard-controller .*--api /run/treadguard/api.sock' \
    <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/treadguard-controller.service) ||
    fail "the controller's unit does not run /usr/bin/treadguard-controller on /run/treadguard/api.sock"
  grep -q 'kSystemApiSocket = "/run/treadguard/api.sock"' "$TG_SOURCE_DIR/controller/api/api_socket_path.hpp" ||
    fail "the clients' system socket is not /run/treadguard/api.sock"
fi

if [ -f "$dir/treadguard-hmi_${version}_${arch}.deb" ]; then
  deb=$(deb_of treadguard-hmi)
  files=$(check_common "$deb" treadguard-hmi)
  has_file "$files" /usr/bin/treadguard-hmi treadguard-hmi
  has_file "$files" /lib/systemd/system/treadguard-hmi.service treadguard-hmi
  depends=$(field "$deb" Depends)
  echo "treadguard-hmi Depends: $depends"
  for lib in "treadguard (= $version)" libsdl2-2.0-0 fonts-dejavu-core; do
    grep -qF "$lib" <<<"$depends" || fail "treadguard-hmi Depends lacks $lib"
  done
  [ -z "$(conffiles_of "$deb")" ] || fail "treadguard-hmi has conffiles: $(conffiles_of "$deb")"
else
  echo "note: no treadguard-hmi package (the HMI is not built here: no SDL2 or Dear ImGui)"
fi

if deb=$(deb_of treadguard-clinic); then
  files=$(check_common "$deb" treadguard-clinic)
  for f in /usr/bin/treadguard-clinic /etc/treadguard/clinic.toml \
    /lib/systemd/system/treadguard-clinic.service \
    /usr/share/doc/treadguard-clinic/examples/postgres-roles.sql \
    /usr/share/doc/treadguard-clinic/examples/mosquitto/treadguard.conf \
    /usr/share/doc/treadguard-clinic/examples/mosquitto/treadguard.acl.example; do
    has_file "$files" "$f" treadguard-clinic
  done
  [ "$(conffiles_of "$deb")" = "/etc/treadguard/clinic.toml" ] ||
    fail "treadguard-clinic conffiles: $(conffiles_of "$deb")"
  depends=$(field "$deb" Depends)
  echo "treadguard-clinic Depends: $depends"
  grep -qE 'libpqxx' <<<"$depends" || fail "treadguard-clinic Depends lacks libpqxx"
fi

if [ $fails -ne 0 ]; then echo "package contents: $fails failure(s)"; exit 1; fi
echo "package contents: all checks passed"
