#!/bin/sh
# Install the Nu Html Checker (vnu.jar, from the npm package vnu-jar) into FOLDER for the
# test that validates every page the simulator writes, with this machine's own npm
# configuration; Java runs it. Where java or npm is missing, their Debian packages are
# ensured first. Soft: whatever cannot be set up, the test then skips and says why.
# Usage: ensure_vnu.sh FOLDER
set -eu
folder="${1:-.vnu}"
version="26.9.27"
[ -f "$folder/node_modules/vnu-jar/build/dist/vnu.jar" ] && exit 0
missing=""
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ] && ! sh "$(dirname "$0")/ensure_packages.sh" $missing; then
    echo "make: without$missing the HTML validation test will be skipped" >&2
    exit 0
fi
# --ignore-scripts: the package's own script would download a Java; Debian's is used.
npm install --prefix "$folder" --no-save --no-audit --no-fund --ignore-scripts \
    "vnu-jar@$version" >/dev/null ||
    echo "make: could not install vnu-jar with npm; the HTML validation test will be skipped" >&2
