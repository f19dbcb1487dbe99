#!/bin/sh
# Install the Debian packages named as arguments when any is missing: directly as
# root, otherwise print the one command that does it and fail.
set -eu
missing=""
for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "make: cannot check system packages on this system; the tests need:$missing" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    echo "make: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
    echo "make: the tests need these Debian packages:$missing" >&2
    echo "      Run: sudo apt-get install$missing   (then make test again)" >&2
    exit 1
fi
