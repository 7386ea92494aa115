#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH (n8n 2.x needs Node >= 24; the machine may only
# have Node 20), plus this project's node_modules/.bin. The first run installs Node 24 from the
# npm registry into the tools folder; later runs reuse it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${PHONE_NUMBERS_TOOLS:-$HOME/.cache/n8n-nodes-phone-numbers}
node_version=24.21.0
bin=$tools/node-$node_version/node_modules/node/bin
install_node() {
	# One installer at a time: two n8n versions install in parallel and both need this Node.
	if command -v flock >/dev/null 2>&1; then
		mkdir -p "$tools"
		exec 8>"$tools/.node-$node_version.lock"
		flock 8
		if [ "$("$bin/node" --version 2>/dev/null)" = "v$node_version" ]; then
			exec 8>&-
			return 0
		fi
	fi
	echo "[node24] installing Node $node_version into $tools (one time)" >&2
	mkdir -p "$tools/node-$node_version"
	echo '{"private":true}' >"$tools/node-$node_version/package.json"
	# The node package puts its binary in place from an install script. Allow it explicitly: `npm run`
	# hands the project's .npmrc (ignore-scripts=true) down to this npm as npm_config_ignore_scripts.
	npm install --prefix "$tools/node-$node_version" --ignore-scripts=false --no-audit --no-fund --loglevel=error "node@$node_version" >&2
	if [ "$("$bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
		echo "[node24] Node $node_version did not install into $tools (see npm's output above)" >&2
		exit 1
	fi
	if command -v flock >/dev/null 2>&1; then exec 8>&-; fi
}
if [ "$("$bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
	install_node
fi
export PATH="$bin:$root/node_modules/.bin:$PATH"
exec "$@"
