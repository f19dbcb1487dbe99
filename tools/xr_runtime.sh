#!/bin/bash
# A real OpenXR runtime for the XR tests on a machine without GPU or headset: Monado 25
# (Debian trixie packages) with its null compositor, Mesa lavapipe (Vulkan) and llvmpipe (GL),
# in a debootstrap'd trixie root (Debian 12's C library is too old for Monado 25).
#
#   tools/xr_runtime.sh setup          build or refresh the cached root (first ~3 min, then <1 s)
#   tools/xr_runtime.sh available      exit 0 when the root is set up and usable here (root user)
#   tools/xr_runtime.sh start          start monado-service with the remote driver (TCP 4242)
#   tools/xr_runtime.sh run CMD...     run CMD in the root with the OpenXR environment (cwd /src)
#   tools/xr_runtime.sh stop           stop monado-service and unmount
#
# The repository is bind-mounted at /src and the host's /tmp at /tmp, so paths under /tmp mean
# the same file on both sides. The root is cached in $XR_ROOT (default
# /var/cache/simulator-xr/trixie); a stamp of the package lists decides whether setup has work.
# Needs root (debootstrap, chroot, mount). Never delete $XR_ROOT while it is mounted: run
# `tools/xr_runtime.sh stop` first. There is one service (and one remote-driver port, 4242)
# per machine: whoever starts it holds an exclusive flock on $(dirname $XR_ROOT)/service.lock
# until it stops it (tests/test_xr_runtime.py and benchmarks/bench_xr.py do), so two test
# runs on one machine take turns instead of killing each other's runtime.
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
XR_ROOT=${XR_ROOT:-/var/cache/simulator-xr/trixie}
XR_SRC=${XR_SRC:-$HERE}
MIRROR=${MIRROR:-}
APT_PKGS="monado-service libopenxr1-monado libopenxr-loader1 openxr-layer-corevalidation
          python3 python3-venv ca-certificates xvfb xauth mesa-vulkan-drivers libgl1-mesa-dri
          libglx-mesa0 libgl1 libegl1 libvulkan1"
# The project's own dependencies and test tools, read from pyproject.toml so the root never
# lacks one the package gained, and the OpenXR binding the headset mode needs.
project_requirements() {
  python3 -c 'import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
print(" ".join(project["dependencies"] + project["optional-dependencies"]["test"]))' \
    "$HERE/pyproject.toml"
}
PY_PKGS="$(project_requirements) pyopenxr==1.1.6501 PyOpenGL==3.1.9"
STAMP="$XR_ROOT/.simulator-xr-stamp"
LOG=${XR_LOG:-/tmp/simulator-xr-monado.log}
XR_ENV="XDG_RUNTIME_DIR=/run/xr XR_RUNTIME_JSON=/usr/share/openxr/1/openxr_monado.json
        XRT_COMPOSITOR_NULL=1 XRT_NO_STDIN=1 VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/lvp_icd.json
        PYTHONPATH=/src PYTHONDONTWRITEBYTECODE=1 LANG=C.UTF-8"

# The Debian archive this machine's apt uses (deb822 .sources first, then sources.list), so the
# root is built from the same mirror; MIRROR overrides it. Either file may be missing, and an
# empty answer is reported by the caller, so this never fails on its own (set -e, pipefail).
apt_mirror() {
  { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p'
  } | tr ' ' '\n' | grep -E '/debian/?$' | head -n 1 || true
}

wanted_stamp() { echo "v1 $APT_PKGS $PY_PKGS" | tr -s ' \n' ' ' | sha256sum | cut -c1-16; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "xr_runtime: needs root (debootstrap, chroot, mount); run as root, e.g. sudo make test" >&2
    exit 1
  fi
}

mounts() {
  mountpoint -q "$XR_ROOT/proc" || mount -t proc proc "$XR_ROOT/proc"
  mountpoint -q "$XR_ROOT/sys" || mount -t sysfs sys "$XR_ROOT/sys"
  if ! mountpoint -q "$XR_ROOT/dev"; then
    mount --rbind /dev "$XR_ROOT/dev"
    mount --make-rslave "$XR_ROOT/dev"
  fi
  mkdir -p "$XR_ROOT/src" "$XR_ROOT/tmp"
  mountpoint -q "$XR_ROOT/src" || mount --bind "$XR_SRC" "$XR_ROOT/src"
  mountpoint -q "$XR_ROOT/tmp" || mount --bind /tmp "$XR_ROOT/tmp"
}

unmounts() {
  for m in tmp src dev sys proc; do
    if mountpoint -q "$XR_ROOT/$m"; then umount -R "$XR_ROOT/$m" || umount -lR "$XR_ROOT/$m"; fi
  done
}

inroot() {
  chroot "$XR_ROOT" /usr/bin/env -i PATH=/opt/venv/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root $XR_ENV "$@"
}

setup() {
  need_root
  mkdir -p "$(dirname "$XR_ROOT")"
  exec 9>"$(dirname "$XR_ROOT")/setup.lock"
  flock 9
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(wanted_stamp)" ]; then
    echo "xr_runtime: runtime root up to date ($XR_ROOT)"
    return 0
  fi
  echo "xr_runtime: building the runtime root in $XR_ROOT (a few minutes, once)"
  command -v debootstrap >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  if [ ! -x "$XR_ROOT/usr/bin/apt-get" ]; then
    mirror=${MIRROR:-$(apt_mirror)}
    if [ -z "$mirror" ]; then
      echo "xr_runtime: no Debian archive in this machine's apt sources; set MIRROR=URL" >&2
      exit 1
    fi
    debootstrap --variant=minbase trixie "$XR_ROOT" "$mirror" >/dev/null
  fi
  cp /etc/resolv.conf "$XR_ROOT/etc/resolv.conf"
  # Where HTTPS goes through an intercepting proxy with a local CA, the root needs its certificate.
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    mkdir -p "$XR_ROOT/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$XR_ROOT/usr/local/share/ca-certificates/"
  fi
  mounts
  # shellcheck disable=SC2086
  inroot sh -c "export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && \
      apt-get install -y -q --no-install-recommends $(echo $APT_PKGS) >/dev/null && \
      apt-get clean && update-ca-certificates >/dev/null"
  [ -x "$XR_ROOT/opt/venv/bin/python" ] || inroot python3 -m venv /opt/venv
  # shellcheck disable=SC2086
  printf '%s\n' $PY_PKGS >"$XR_ROOT/opt/requirements.txt"
  # Not `env -i`: the host's proxy settings (if any) pass through to pip.
  chroot "$XR_ROOT" /usr/bin/env PATH=/opt/venv/bin:/usr/bin:/bin HOME=/root \
    /opt/venv/bin/pip install -q --disable-pip-version-check -r /opt/requirements.txt
  mkdir -p "$XR_ROOT/run/xr"
  chmod 700 "$XR_ROOT/run/xr"
  unmounts
  wanted_stamp >"$STAMP"
  echo "xr_runtime: runtime root ready"
}

case "${1:-}" in
setup)
  setup
  ;;
available)
  [ "$(id -u)" = 0 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(wanted_stamp)" ]
  ;;
start)
  need_root
  mounts
  "$0" stop-service
  rm -f "$XR_ROOT"/run/xr/monado*
  (exec chroot "$XR_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    $XR_ENV P_OVERRIDE_ACTIVE_CONFIG=remote monado-service >"$LOG" 2>&1 </dev/null) &
  echo $! >"$XR_ROOT/run/monado.pid"
  for _ in $(seq 150); do
    [ -S "$XR_ROOT/run/xr/monado_comp_ipc" ] && break
    sleep 0.1
  done
  # The socket appears before the service answers; monado-ctl succeeds once it does.
  for _ in $(seq 100); do
    inroot monado-ctl >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! inroot monado-ctl >/dev/null 2>&1; then
    cat "$LOG" >&2
    exit 1
  fi
  echo "xr_runtime: monado-service up (pid $(cat "$XR_ROOT/run/monado.pid"), log $LOG)"
  ;;
run)
  need_root
  shift
  mounts
  inroot sh -c 'cd /src && exec "$@"' sh "$@"
  ;;
stop-service)
  if [ -f "$XR_ROOT/run/monado.pid" ]; then
    pid=$(cat "$XR_ROOT/run/monado.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$XR_ROOT/run/monado.pid"
  fi
  ;;
stop)
  need_root
  "$0" stop-service
  unmounts
  ;;
*)
  sed -n 2,17p "$0"
  exit 2
  ;;
esac
