#!/usr/bin/env bash
# Install what `make demo` and `make test` need on a fresh Debian 12 / Ubuntu machine.
# As root: apt-get installs the Debian packages. Otherwise: prints the commands to run.
# A second run checks and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(qgis python3-qgis qgis-providers python3-pandas python3-scipy python3-matplotlib
      python3-venv python3-pip xvfb xauth poppler-utils librsvg2-bin fonts-dejavu-core
      postgresql-15 postgresql-15-postgis-3 python3-psycopg2 python3-markdown
      qttools5-dev-tools)

missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt/dpkg (often automatic updates on a fresh machine) may hold the lock:
    # wait for it and say so, instead of failing with "Could not get lock".
    bash scripts/wait_for_dpkg.sh 600
    apt=(apt-get -o DPkg::Lock::Timeout=600)
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "Run, then try again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# PyQGIS imports only under Debian's /usr/bin/python3.
if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv (with Debian's site-packages)"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi
stamp=.venv/.requirements-dev.stamp
if [[ ! -f $stamp ]] || ! cmp -s requirements-dev.txt "$stamp"; then
  echo "setup: installing requirements-dev.txt into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  cp requirements-dev.txt "$stamp"
fi
