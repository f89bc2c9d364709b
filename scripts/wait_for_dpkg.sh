#!/usr/bin/env bash
# Wait until no other package manager (apt, dpkg, unattended-upgrades, a software
# centre) holds Debian's package locks, saying so, for up to $1 seconds (default 600).
# Exit 0 when free, 1 on time-out. Locks are fcntl locks, listed in /proc/locks by inode.
# DPKG_LOCKS (space-separated paths) overrides the lock files, for the tests.
set -uo pipefail
timeout=${1:-600}
locks=${DPKG_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}

held() {
  local f ino
  for f in $locks; do
    [[ -e $f ]] || continue
    ino=$(stat -c %i "$f") || continue
    # /proc/locks: "1: POSIX ADVISORY WRITE <pid> <major>:<minor>:<inode> <start> <end>"
    if awk -v ino="$ino" '{ n = split($6, p, ":"); if (p[n] == ino) found = 1 } END { exit !found }' /proc/locks; then
      echo "$f"
      return 0
    fi
  done
  return 1
}

waited=0
while lock=$(held); do
  if ((waited == 0)); then
    echo "setup: another package manager holds $lock (apt, dpkg or automatic updates);" \
      "waiting for it to finish (up to ${timeout} s)..." >&2
  fi
  if ((waited >= timeout)); then
    echo "setup: $lock is still held after ${timeout} s; try again when the other" \
      "package manager has finished (see: ps -C apt-get,apt,dpkg,unattended-upgr)" >&2
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done
((waited == 0)) || echo "setup: the package manager lock is free after ${waited} s" >&2
exit 0
