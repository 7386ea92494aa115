#!/usr/bin/env bash
# A real n8n (pinned) for end-to-end tests and the demo, kept OUTSIDE the package in the tools
# folder: ${PHONE_NUMBERS_TOOLS:-~/.cache/n8n-nodes-phone-numbers}/n8n-<version>.
#
#   bash scripts/n8n.sh install        install it if needed (idempotent), print its folder
#   bash scripts/n8n.sh path           print the folder (exit 1 when not installed)
#   bash scripts/n8n.sh <n8n args...>  run the n8n CLI with Node 24, e.g. `bash scripts/n8n.sh --version`
#
# The first install takes ~6 minutes and ~3 GB: `npm install --ignore-scripts` (native modules would
# try to download prebuilt binaries; no internet besides the npm registry is assumed), then n8n's
# SQLite driver is compiled from source against Node 24's headers (needs python3, make, g++).
# A marker file is written only after the install is complete and verified, so an interrupted
# install is resumed/redone on the next call.
#
# When running n8n, this script sets quiet, offline defaults (each can be overridden from the
# environment): no telemetry, no version checks, no templates/community-package look-ups, and
# N8N_CUSTOM_EXTENSIONS=<a copy of this repo's build> so the node is loaded (type `CUSTOM.phoneNumber`).
#
#   bash scripts/n8n.sh stage <dir>    copy the build (package.json + dist) to <dir>/n8n-nodes-phone-numbers
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n8n_version=2.41.1
tools=${PHONE_NUMBERS_TOOLS:-$HOME/.cache/n8n-nodes-phone-numbers}
dir=$tools/n8n-$n8n_version
marker=$dir/.install-complete
bin=$dir/node_modules/n8n/bin/n8n

log() { echo "[n8n.sh] $*" >&2; }

# Node 24 (installed on first use by scripts/node24.sh) for everything below.
node24() { bash "$root/scripts/node24.sh" "$@"; }

# True when the install in $dir is usable: the pinned n8n is there, npm finished writing the tree,
# and the SQLite driver loads under Node 24 (i.e. it was rebuilt for this Node).
usable() {
	[ -f "$bin" ] && [ -f "$dir/node_modules/.package-lock.json" ] || return 1
	node24 node -e '
		const dir = process.argv[1], want = process.argv[2];
		const v = require(dir + "/node_modules/n8n/package.json").version;
		if (v !== want) { console.error("n8n " + v + " found, " + want + " wanted"); process.exit(1); }
		const sqlite3 = require(dir + "/node_modules/sqlite3");
		const db = new sqlite3.Database(":memory:");
		db.get("select 1 as ok", (err, row) => { db.close(); process.exit(err || !row ? 1 : 0); });
	' "$dir" "$n8n_version" 2>/dev/null
}

installed() {
	if [ -f "$marker" ]; then
		# Cheap check: the marker plus the two files that matter.
		[ -f "$bin" ] && [ -f "$dir/node_modules/sqlite3/build/Release/node_sqlite3.node" ] && return 0
		rm -f "$marker"
	fi
	# An install made before this marker existed (or by hand) is accepted once it verifies.
	if usable; then
		date -u +%FT%TZ >"$marker"
		return 0
	fi
	return 1
}

# Runs in a subshell so the lock is released when it returns.
install() (
	mkdir -p "$tools"
	installed && exit 0
	# One installer at a time (CI jobs or two terminals sharing the tools folder).
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$tools/.n8n-$n8n_version.lock"
		flock 9
		installed && exit 0
	fi
	local started=$SECONDS
	log "installing n8n@$n8n_version into $dir (one time, ~6 min, ~3 GB)"
	mkdir -p "$dir"
	rm -f "$marker"
	[ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json"
	node24 npm install --prefix "$dir" --ignore-scripts --save-exact --no-audit --no-fund --loglevel=error \
		"n8n@$n8n_version" >&2
	log "npm install done after $((SECONDS - started)) s; compiling sqlite3 against Node 24 headers"
	local headers
	headers=$(node24 node -p 'require("path").join(process.execPath, "../../node_modules/node-" + process.platform + "-" + process.arch)')
	if [ ! -f "$headers/include/node/node.h" ]; then
		log "Node 24 headers not found at $headers"
		exit 1
	fi
	(cd "$dir" && export npm_config_nodedir="$headers" && node24 npm rebuild sqlite3 --build-from-source --loglevel=error >&2)
	if ! usable; then
		log "n8n install in $dir does not verify (sqlite3 does not load under Node 24?)"
		exit 1
	fi
	date -u +%FT%TZ >"$marker"
	log "n8n@$n8n_version ready after $((SECONDS - started)) s"
)

# Copies the built package (package.json + dist, what npm would publish) into $1/n8n-nodes-phone-numbers.
# n8n must load it from OUTSIDE this repository: from the repo, `require("n8n-workflow")` in dist
# finds the repo's own dev copy in node_modules/ instead of n8n's, so n8n's `instanceof NodeApiError`
# checks fail and errors lose their details (a registry install has no such copy).
stage() {
	local target=$1/n8n-nodes-phone-numbers
	if [ ! -f "$root/dist/nodes/PhoneNumber/PhoneNumber.node.js" ]; then
		log "$root/dist is missing: run npm run build first"
		exit 1
	fi
	case "$target/" in "$root"/*) log "stage folder $target must be outside $root"; exit 1 ;; esac
	rm -rf "$target"
	mkdir -p "$target"
	cp -R "$root/dist" "$target/dist"
	cp "$root/package.json" "$target/package.json"
	echo "$target"
}

case "${1:-}" in
stage)
	[ -n "${2:-}" ] || { log "usage: bash scripts/n8n.sh stage <folder outside the repo>"; exit 2; }
	stage "$2"
	;;
install)
	install
	echo "$dir"
	;;
path)
	installed || { log "n8n@$n8n_version is not installed in $dir; run: bash scripts/n8n.sh install"; exit 1; }
	echo "$dir"
	;;
*)
	install
	# Unless the caller chose what to load, load a fresh copy of this package's build.
	if [ -z "${N8N_CUSTOM_EXTENSIONS+set}" ]; then
		N8N_CUSTOM_EXTENSIONS=$(stage "$tools/extension")
		export N8N_CUSTOM_EXTENSIONS
	fi
	export N8N_DIAGNOSTICS_ENABLED=${N8N_DIAGNOSTICS_ENABLED:-false}
	export N8N_VERSION_NOTIFICATIONS_ENABLED=${N8N_VERSION_NOTIFICATIONS_ENABLED:-false}
	export N8N_TEMPLATES_ENABLED=${N8N_TEMPLATES_ENABLED:-false}
	export N8N_PERSONALIZATION_ENABLED=${N8N_PERSONALIZATION_ENABLED:-false}
	export N8N_COMMUNITY_PACKAGES_ENABLED=${N8N_COMMUNITY_PACKAGES_ENABLED:-false}
	export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=${N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS:-false}
	export N8N_HIDE_USAGE_PAGE=${N8N_HIDE_USAGE_PAGE:-true}
	# The MCP server registry is fetched from api.n8n.io at start (a logged failure when offline).
	export N8N_DISABLED_MODULES=${N8N_DISABLED_MODULES-mcp-registry}
	exec bash "$root/scripts/node24.sh" "$bin" "$@"
	;;
esac
