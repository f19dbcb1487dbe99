#!/bin/sh
# Create the virtual environment $2 with the Python $1, installing Debian's venv
# support first when it is missing and we may (root); otherwise say how.
set -eu
python="$1"
venv="$2"
if ! command -v "$python" >/dev/null 2>&1; then
    echo "make: $python not found; install Python 3.11 or newer (sudo apt-get install python3)" >&2
    exit 1
fi
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "make: the simulator needs Python 3.11 or newer; $python is $("$python" -V 2>&1)" >&2
    exit 1
}
if [ -x "$venv/bin/python" ]; then
    exit 0
fi
if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq "python$version-venv" || apt-get install -y -qq python3-venv
        "$python" -m venv "$venv"
    else
        echo "make: Python cannot create a virtual environment here." >&2
        echo "      Run: sudo apt-get install python3-venv   (then make again)" >&2
        exit 1
    fi
fi
