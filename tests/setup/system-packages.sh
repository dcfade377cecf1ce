#!/usr/bin/env bash
# Install the Debian packages the tests drive (listed in debian-packages.txt) where missing.
# Tests that need one of them say so and skip when it could not be installed.
set -uo pipefail
list="$(dirname "$0")/debian-packages.txt"
missing=()
while read -r package _; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done < "$list"
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "note: cannot install ${missing[*]} (needs root and apt-get); the tests that need them will be skipped" >&2
  exit 0
fi
echo "installing Debian packages for the tests: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null \
  || echo "note: could not install ${missing[*]}; the tests that need them will be skipped" >&2
exit 0
