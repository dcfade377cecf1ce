#!/usr/bin/env bash
# Install a Java runtime for the consistency check (HermiT) where missing, or say how to.
set -uo pipefail
command -v java >/dev/null && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "installing a Java runtime for the consistency check (default-jre-headless)" >&2
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends default-jre-headless; } >/dev/null && exit 0
fi
echo "the build's consistency check (HermiT) needs Java 17 or later: install it (Debian / Ubuntu:" \
     "sudo apt-get install default-jre-headless; macOS: brew install openjdk), or build with" \
     "'.venv/bin/aistd-kg build --no-reason'" >&2
exit 2
