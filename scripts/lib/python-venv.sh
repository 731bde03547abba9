# shellcheck shell=bash
# Sourced by scripts that run pinned Python tools from PyPI (conformance.sh, validate-deploy.sh).
# The caller defines log().

# A clean Debian may lack python3 or its venv module (package python3-venv). CI runs as root there,
# so install them as .ci/run installs Node, rather than fail; elsewhere say what to do.
apt_install_python() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    log "install python3 (3.11 or later) with its venv module (python3-venv) and retry"
    exit 1
  fi
  log "installing python3 and python3-venv with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
}

# ensure_python_venv VENV REQUIREMENTS [MIN_PYTHON_MINOR]: a virtualenv holding exactly the pinned
# requirements. A stamp holds the requirements it was built from; pip runs only when they change.
ensure_python_venv() {
  local venv=$1 requirements=$2 min_minor=${3:-0}
  local stamp="$venv/.requirements"
  if cmp -s "$requirements" "$stamp" && "$venv/bin/python" -c "" 2>/dev/null; then return; fi
  command -v python3 >/dev/null || apt_install_python
  if ! python3 -c "import sys; sys.exit(sys.version_info < (3, $min_minor))"; then
    log "$(python3 -V 2>&1) is too old: 3.$min_minor or later is needed"
    exit 1
  fi
  log "installing $requirements into $venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    apt_install_python
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
}
