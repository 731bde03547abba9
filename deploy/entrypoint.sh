#!/bin/sh
# Starts one service of the image, chosen by the container's first argument (default standalone):
#
#   docker run IMAGE scim-gateway
#   docker run IMAGE publisher-replay --from start
#   docker run IMAGE audit erasures --reapply
#
# The one-off commands (projection-rebuild, publisher-replay, audit) receive the remaining arguments.
# `exec` replaces this shell, so SIGTERM from the runtime (through tini) reaches node itself.
set -eu
cd "$(dirname "$0")/.."

services="standalone scim-gateway directory-projector change-publisher login-service audit-service"
commands="projection-rebuild publisher-replay audit"

service="${1:-standalone}"
[ "$#" -eq 0 ] || shift

case "$service" in
  standalone | scim-gateway | directory-projector | change-publisher | login-service | audit-service)
    main="dist/apps/$service/src/main.js" ;;
  projection-rebuild) main=dist/apps/directory-projector/src/rebuild.js ;;
  publisher-replay) main=dist/apps/change-publisher/src/replay.js ;;
  audit) main=dist/apps/audit-service/src/cli/audit-cli.js ;;
  *)
    echo "Unknown service \"$service\"." >&2
    echo "Services: $services" >&2
    echo "One-off commands: $commands" >&2
    exit 2 ;;
esac

# The same node flags as `npm start`.
exec node --disable-warning=TimeoutNegativeWarning "$main" "$@"
