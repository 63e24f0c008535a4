#!/usr/bin/env bash
# Installs, with apt-get, whatever treadguard needs to build, run and test that is not
# already on this Debian machine. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  # build
  g++ cmake make pkg-config
  libmodbus-dev libboost-dev doctest-dev libtomlplusplus-dev nlohmann-json3-dev
  libsqlite3-dev libsodium-dev
  libhowardhinnant-date-dev tzdata
  # systemd integration (sd_notify: ready, status, watchdog)
  libsystemd-dev
  # HMI
  libimgui-dev libsdl2-dev libgl-dev fonts-dejavu-core espeak-ng
  # tests: independent Modbus peers, pty pairs, a headless display
  mbpoll python3 python3-pymodbus python3-serial python3-serial-asyncio socat
  xvfb xauth xdotool x11-apps
  # clinic fleet: MQTT broker and client library, PostgreSQL server and C++ client
  mosquitto mosquitto-clients libmosquitto-dev postgresql libpqxx-dev
  # reports and formats: PDF with cairo, PDF checks, independent FIT readers (gpsbabel, node)
  libcairo2-dev poppler-utils gpsbabel nodejs
  # Debian packages: cpack's dpkg-shlibdeps and ELF detection, the package checks, the
  # fresh-system test (debootstrap; curl to tell an unreachable mirror)
  dpkg-dev file lintian debootstrap curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
