#!/usr/bin/env bash
# lintian on every package: any error (E:) fails; warnings are printed and counted.
# usage: lintian_packages.sh DIR_WITH_DEBS
set -euo pipefail
dir=$1
command -v lintian >/dev/null || { echo "FAIL: lintian not found (bash hw/linux/install-deps.sh)"; exit 1; }
status=0
for deb in "$dir"/*.deb; do
  start=$(date +%s)
  rc=0
  report=$(lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1) || rc=$?
  errors=$(grep -c '^E:' <<<"$report" || true)
  # lintian exits non-zero for errors found; non-zero without one is lintian failing.
  if [ $rc -ne 0 ] && [ "$errors" -eq 0 ]; then
    echo "FAIL: lintian exited $rc on $(basename "$deb")"
    sed 's/^/  /' <<<"$report"
    status=1
    continue
  fi
  warnings=$(grep -c '^W:' <<<"$report" || true)
  echo "$(basename "$deb"): $errors error(s), $warnings warning(s) in $(($(date +%s) - start)) s"
  [ -n "$report" ] && sed 's/^/  /' <<<"$report"
  [ "$errors" -eq 0 ] || status=1
done
exit $status
