#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH (n8n 2.x needs Node >= 24; the machine may only
# have Node 20), plus this project's node_modules/.bin. The first run installs Node 24 from the
# npm registry into the tools folder; later runs reuse it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${PHONE_NUMBERS_TOOLS:-$HOME/.cache/n8n-nodes-phone-numbers}
node_version=24.21.0
bin=$tools/node-$node_version/node_modules/node/bin
if [ "$("$bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
	echo "[node24] installing Node $node_version into $tools (one time)" >&2
	mkdir -p "$tools/node-$node_version"
	echo '{"private":true}' >"$tools/node-$node_version/package.json"
	npm install --prefix "$tools/node-$node_version" --no-audit --no-fund --loglevel=error "node@$node_version" >&2
fi
export PATH="$bin:$root/node_modules/.bin:$PATH"
exec "$@"
