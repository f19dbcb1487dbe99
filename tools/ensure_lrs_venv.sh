#!/bin/sh
# Set up a separate virtual environment with Ralph (an xAPI Learning Record Store from
# PyPI) for the tests: its pinned dependencies (fastapi, uvicorn, pydantic) stay out of
# the simulator's own environment. Usage: ensure_lrs_venv.sh PYTHON VENV
set -eu
python="${1:-python3}"
venv="${2:-.venv-lrs}"
[ -x "$venv/bin/ralph" ] && exit 0
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# requests is missing from ralph's extras but its CLI imports it.
"$venv/bin/python" -m pip install --quiet 'ralph-malph[lrs,cli]==5.1.0' requests
