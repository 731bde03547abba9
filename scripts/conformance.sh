#!/usr/bin/env bash
# Runs the third-party SCIM conformance suites scim2-tester and scim-sanity (PyPI) against the
# built standalone service, prints every check that did not pass, and exits 1 when one failed.
#
#   npm run build && bash scripts/conformance.sh
#
# The suites live in a virtualenv under ${XDG_CACHE_HOME:-~/.cache}/scim-conformance, rebuilt
# only when scripts/conformance/requirements.txt changes. Set CONFORMANCE_REPORT=path.json to
# keep both suites' results as JSON. CONFORMANCE_SCIM2_TESTER_MODELS=rfc gives scim2-tester the
# RFC User/Group models instead of letting it discover them: a diagnostic for when discovery is
# broken, since the tester then stops before any CRUD or PATCH check. See docs/conformance.md.
set -euo pipefail
# Resolved before the cd below, so a relative path means relative to where the script was run.
report="${CONFORMANCE_REPORT:+$(realpath -m "$CONFORMANCE_REPORT")}"
cd "$(dirname "$0")/.."

helpers=scripts/conformance
requirements="$helpers/requirements.txt"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/scim-conformance/venv"
main=dist/apps/standalone/src/main.js
tenant=conformance

log() { echo "conformance: $*" >&2; }

# shellcheck source=scripts/lib/python-venv.sh
source scripts/lib/python-venv.sh

free_port() {
  "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

random_token() {
  "$venv/bin/python" -c 'import secrets; print(secrets.token_hex(32))'
}

service_pid=""
workdir=""

stop_service() {
  [[ -n "$service_pid" ]] || return 0
  kill -TERM "$service_pid" 2>/dev/null || true
  local status=0
  # The service drains and exits 0 on SIGTERM; do not let a hung drain hang CI.
  for _ in $(seq 1 100); do
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$service_pid" 2>/dev/null; then
    log "the service did not stop within 10s of SIGTERM; killing it"
    kill -KILL "$service_pid" 2>/dev/null || true
  fi
  wait "$service_pid" || status=$?
  [[ $status -eq 0 ]] || log "the service exited with status $status after SIGTERM"
  service_pid=""
}

cleanup() {
  stop_service
  [[ -z "$workdir" ]] || rm -rf "$workdir"
}
trap cleanup EXIT

# Polls /health/ready with Node (already needed for the service; curl may be missing).
is_ready() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
}

wait_until_ready() {
  local url=$1 deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      local status=0
      wait "$service_pid" || status=$?
      service_pid=""
      log "the service exited with status $status during start-up; its log:"
      cat "$workdir/service.log" >&2
      exit 1
    fi
    if is_ready "$url"; then return; fi
    sleep 0.1
  done
  log "the service was not ready after 30s; its log:"
  cat "$workdir/service.log" >&2
  exit 1
}

# The service logs at warn level here, so anything besides its start-up line explains a 5xx.
print_service_problems() {
  local problems
  problems="$(grep -v '^SCIM service ready' "$workdir/service.log" || true)"
  [[ -n "$problems" ]] || return 0
  log "the service logged warnings or errors (first 60 lines):"
  head -n 60 <<<"$problems" >&2
}

main() {
  node_bin="$(bash scripts/ensure-node24.sh)"
  export PATH="$node_bin:$PATH"
  if [[ ! -f "$main" ]]; then
    log "$main is missing: run npm run build first"
    exit 1
  fi
  ensure_python_venv "$venv" "$requirements" 11

  workdir="$(mktemp -d "${TMPDIR:-/tmp}/scim-conformance.XXXXXX")"
  local port token
  port="$(free_port)"
  token="$(random_token)"
  HOST=127.0.0.1 PORT="$port" DATA_DIR="$workdir/data" LOG_LEVEL=warn NO_COLOR=1 \
    SCIM_BOOTSTRAP_TENANT="$tenant" SCIM_BOOTSTRAP_TOKEN="$token" \
    node "$main" >"$workdir/service.log" 2>&1 &
  service_pid=$!
  wait_until_ready "http://127.0.0.1:$port/health/ready"

  local base="http://127.0.0.1:$port/scim/v2/$tenant"
  local tester_args=()
  [[ "${CONFORMANCE_SCIM2_TESTER_MODELS:-}" != rfc ]] || tester_args+=(--rfc-models)
  # Each suite takes seconds; the limit only keeps a hung service from hanging CI.
  log "running scim2-tester against $base"
  timeout 600 "$venv/bin/python" "$helpers/run_scim2_tester.py" \
    "$base" "$token" "$workdir/scim2-tester.json" ${tester_args[@]+"${tester_args[@]}"} ||
    log "scim2-tester stopped with status $?"

  log "running scim-sanity against $base"
  # Exits 1 whenever a check fails; the summary below reads the counts from its JSON instead.
  timeout 600 "$venv/bin/scim-sanity" probe "$base" --token "$token" --i-accept-side-effects \
    --json-output >"$workdir/scim-sanity.json" || true

  stop_service
  print_service_problems
  "$venv/bin/python" "$helpers/summarize.py" \
    "$workdir/scim2-tester.json" "$workdir/scim-sanity.json" "$report"
}

main "$@"
