#!/usr/bin/env bash
# Install Debian packages with apt-get unless a file they provide is already present.
#
#   scripts/apt-ensure.sh [--optional] PATH PACKAGE...
#
# If PATH exists, do nothing. Otherwise run `apt-get update` and
# `apt-get install -y --no-install-recommends PACKAGE...`, as root directly or
# through sudo. When neither is possible:
#   --optional  print why and exit 0 (the tests that need it then skip, with a reason)
#   otherwise   print why and exit 1
# Only Debian's own archive is used; nothing is downloaded from anywhere else.
set -euo pipefail

optional=0
if [[ "${1:-}" == "--optional" ]]; then optional=1; shift; fi
if [[ $# -lt 2 ]]; then
    echo "usage: $0 [--optional] PATH PACKAGE..." >&2
    exit 2
fi
target=$1; shift

if [[ -e "$target" ]]; then
    exit 0
fi

give_up() {
    local why=$1; shift
    echo "*** $target is missing and cannot be installed: $why" >&2
    echo "*** Install it yourself with:" >&2
    echo "***     sudo apt-get update && sudo apt-get install -y --no-install-recommends $*" >&2
    if [[ $optional -eq 1 ]]; then
        echo "*** Carrying on; the tests that need it will be skipped (they fail when CI is set)." >&2
        exit 0
    fi
    exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
    give_up "apt-get not found (this is not Debian or Ubuntu)" "$@"
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then
        as_root=(sudo)          # may ask for a password on the terminal
    elif sudo -n true 2>/dev/null; then
        as_root=(sudo -n)       # no terminal: only passwordless sudo
    else
        give_up "not root, and sudo needs a password but there is no terminal" "$@"
    fi
else
    give_up "not root and sudo is not installed" "$@"
fi

echo ">>> installing Debian package(s) $* (for $target)"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run to finish instead of failing on its lock.
lock=(-o DPkg::Lock::Timeout=600)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q --no-install-recommends "$@"

if [[ ! -e "$target" ]]; then
    echo "*** installed $* but $target is still missing" >&2
    exit 1
fi
