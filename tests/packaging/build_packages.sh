#!/usr/bin/env bash
# Builds the Debian packages from a built tree with cpack, twice: as configured (v1) and
# with a higher version (v2, for the upgrade test).
# usage: build_packages.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1 out=$2
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (bash hw/linux/install-deps.sh)"; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/v1" "$out/v2"
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || { echo "FAIL: no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"; exit 1; }
start=$(date +%s)
cpack --config "$build/CPackConfig.cmake" -B "$out/v1/work" >"$out/v1/cpack.log" 2>&1 ||
  { cat "$out/v1/cpack.log"; echo "FAIL: cpack"; exit 1; }
cpack --config "$build/CPackConfig.cmake" -B "$out/v2/work" -D CPACK_PACKAGE_VERSION="$version+1" \
  >"$out/v2/cpack.log" 2>&1 || { cat "$out/v2/cpack.log"; echo "FAIL: cpack (v2)"; exit 1; }
for v in v1 v2; do
  mv "$out/$v"/work/*.deb "$out/$v/"
  rm -rf "$out/$v/work"
done
echo "$version" >"$out/v1/version"
echo "$version+1" >"$out/v2/version"
ls -l "$out"/v1/*.deb "$out"/v2/*.deb
echo "packages built in $(($(date +%s) - start)) s"
