#!/usr/bin/env bash
# A real n8n (pinned) for end-to-end tests and the demo, kept OUTSIDE the package in the tools
# folder: ${PHONE_NUMBERS_TOOLS:-~/.cache/n8n-nodes-phone-numbers}/n8n-<version>, one folder per version.
#
# Which n8n: N8N_VERSION (an exact version, e.g. N8N_VERSION=1.123.81), else the default below (the
# 2.x the README's Compatibility table names). Every command of this script, and every test harness
# that calls it, follows N8N_VERSION, so `N8N_VERSION=1.123.81 npm run test:e2e` runs the e2e suite
# on n8n 1.123.81. scripts/n8n-versions.json lists the versions CI tests (scripts/test-matrix.sh).
#
#   bash scripts/n8n.sh install        install it if needed (idempotent), print its folder
#   bash scripts/n8n.sh path           print the folder (exit 1 when not installed)
#   bash scripts/n8n.sh version        print the n8n version this call would use (installs nothing)
#   bash scripts/n8n.sh <n8n args...>  run the n8n CLI with Node 24, e.g. `bash scripts/n8n.sh --version`
#
# The first install takes ~6 minutes and ~3 GB: `npm install --ignore-scripts` (native modules would
# try to download prebuilt binaries; no internet besides the npm registry is assumed), then n8n's
# SQLite driver is compiled from source against Node 24's headers (needs python3, make, g++).
# A marker file is written only after the install is complete and verified, so an interrupted
# install is resumed/redone on the next call. Each version has its own lock, so two versions install
# at the same time (CI starts both at once) while two installs of one version never overlap.
# n8n 1.x: its n8n-nodes-base depends on xlsx from a CDN URL (cdn.sheetjs.com), which an
# npm-registry-only machine cannot fetch; the install folder's package.json overrides it with the
# registry's xlsx 0.18.5 (n8n 1.x supports Node 20-24; it runs on the same Node 24 as 2.x here).
#
# When running n8n, this script sets quiet, offline, loopback-only defaults (each can be overridden
# from the environment): no telemetry, no version checks, no templates/community-package look-ups,
# and every port n8n opens bound to 127.0.0.1 (the editor/API, the task broker, a worker's health
# server): an n8n owner can run code on the machine, so nothing here is reachable from the network.
# n8n loads this package the way users install it by hand, from <user folder>/.n8n/nodes
# (N8N_USER_FOLDER, else ~): run install-package for that user folder first.
#
#   bash scripts/n8n.sh pack <dir>                          npm pack the build into <dir>, print the .tgz
#   bash scripts/n8n.sh install-package <user folder> [tgz] npm install the tarball (packed now if not
#       given) into <user folder>/.n8n/nodes, check that n8n loads it (scripts/check-installed-package.js),
#       print the load check's JSON. Node type in workflows: n8n-nodes-phone-numbers.phoneNumber.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
default_version=2.41.1
n8n_version=${N8N_VERSION:-$default_version}
if ! [[ $n8n_version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	echo "[n8n.sh] N8N_VERSION must be an exact n8n version such as 2.41.1 or 1.123.81, not \"$n8n_version\"" >&2
	exit 2
fi
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

# n8n's SQLite driver, compiled from source against Node 24's headers (~1.5 min idle, several
# minutes on a busy machine). n8n 2.41.1 and 1.123.81 both use sqlite3 5.1.7: the driver is compiled
# once per sqlite3 version and Node version, kept in the tools folder, and copied into the next
# install that needs the same (under a lock, so of two parallel installs the second waits for the
# first's driver instead of compiling it too). A copy that does not load is compiled after all.
sqlite_driver() {
	local version node_version shared built headers
	version=$(node24 node -p 'require(process.argv[1]).version' "$dir/node_modules/sqlite3/package.json")
	node_version=$(node24 node -p 'process.versions.node')
	shared=$tools/sqlite3-$version-node-$node_version/node_sqlite3.node
	built=$dir/node_modules/sqlite3/build/Release/node_sqlite3.node
	if command -v flock >/dev/null 2>&1; then
		exec 7>"$tools/.sqlite3-$version.lock"
		flock 7
	fi
	if [ -f "$shared" ]; then
		mkdir -p "$(dirname "$built")"
		cp "$shared" "$built"
		if usable; then
			log "sqlite3 $version: the driver compiled for Node $node_version before, copied from $shared"
			return 0
		fi
		log "sqlite3 $version: the copied driver does not load; compiling it"
	fi
	log "compiling sqlite3 $version against Node $node_version's headers"
	headers=$(node24 node -p 'require("path").join(process.execPath, "../../node_modules/node-" + process.platform + "-" + process.arch)')
	if [ ! -f "$headers/include/node/node.h" ]; then
		log "Node 24 headers not found at $headers"
		exit 1
	fi
	(cd "$dir" && export npm_config_nodedir="$headers" && node24 npm rebuild sqlite3 --ignore-scripts=false --build-from-source --loglevel=error >&2)
	if usable; then
		mkdir -p "$(dirname "$shared")"
		cp "$built" "$shared.tmp.$$" && mv "$shared.tmp.$$" "$shared"
	fi
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
	case $n8n_version in
	1.*) echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' >"$dir/package.json" ;;
	*) [ -f "$dir/package.json" ] || echo '{"private":true}' >"$dir/package.json" ;;
	esac
	node24 npm install --prefix "$dir" --ignore-scripts --save-exact --no-audit --no-fund --loglevel=error \
		"n8n@$n8n_version" >&2
	log "npm install done after $((SECONDS - started)) s"
	sqlite_driver
	if ! usable; then
		log "n8n install in $dir does not verify (sqlite3 does not load under Node 24?)"
		exit 1
	fi
	date -u +%FT%TZ >"$marker"
	log "n8n@$n8n_version ready after $((SECONDS - started)) s"
)

# `npm pack` of the current build into $1 (outside the repo); prints the tarball's path.
pack() {
	local dest=$1
	if [ ! -f "$root/dist/nodes/PhoneNumber/PhoneNumber.node.js" ]; then
		log "$root/dist is missing: run npm run build first"
		exit 1
	fi
	mkdir -p "$dest"
	dest=$(cd "$dest" && pwd)
	local file
	file=$(cd "$root" && node24 npm pack --ignore-scripts --pack-destination "$dest" --loglevel=error | tail -n 1)
	echo "$dest/$file"
}

# Installs the tarball $2 (packed now when empty) the documented manual way: `npm install <tgz>` in
# $1/.n8n/nodes, the nodes folder of the n8n user folder $1 (N8N_USER_FOLDER). Offline: the tarball
# has no dependencies. --legacy-peer-deps: npm would otherwise install the peer dependency
# n8n-workflow (from its cache or the registry) beside the package, and the node would run on that
# second copy instead of n8n's own: n8n's `instanceof` checks on its errors fail and they lose their
# HTTP code (measured: the e2e provider-error cases then fail). n8n's in-app installer strips
# peerDependencies for the same reason. Then the load check, whose JSON is printed.
install_package() {
	local user=$1 tgz=${2:-} nodes
	mkdir -p "$user/.n8n/nodes"
	nodes=$(cd "$user/.n8n/nodes" && pwd)
	case "$nodes/" in "$root"/*) log "n8n user folder $user must be outside $root"; exit 1 ;; esac
	if [ -z "$tgz" ]; then
		tgz=$(pack "$user/.n8n/packed")
	fi
	[ -f "$tgz" ] || { log "no tarball at $tgz"; exit 1; }
	[ -f "$nodes/package.json" ] || echo '{"name":"installed-nodes","private":true,"dependencies":{}}' >"$nodes/package.json"
	(cd "$nodes" && node24 npm install --offline --no-audit --no-fund --ignore-scripts --legacy-peer-deps --loglevel=error "$tgz" >&2)
	install
	node24 node "$root/scripts/check-installed-package.js" "$dir" "$nodes" "$root"
}

case "${1:-}" in
pack)
	[ -n "${2:-}" ] || { log "usage: bash scripts/n8n.sh pack <folder>"; exit 2; }
	pack "$2"
	;;
install-package)
	[ -n "${2:-}" ] || { log "usage: bash scripts/n8n.sh install-package <n8n user folder> [<tarball>]"; exit 2; }
	install_package "$2" "${3:-}"
	;;
install)
	install
	echo "$dir"
	;;
version)
	echo "$n8n_version"
	;;
path)
	installed || { log "n8n@$n8n_version is not installed in $dir; run: bash scripts/n8n.sh install"; exit 1; }
	echo "$dir"
	;;
*)
	install >/dev/null
	export N8N_DIAGNOSTICS_ENABLED=${N8N_DIAGNOSTICS_ENABLED:-false}
	export N8N_VERSION_NOTIFICATIONS_ENABLED=${N8N_VERSION_NOTIFICATIONS_ENABLED:-false}
	export N8N_TEMPLATES_ENABLED=${N8N_TEMPLATES_ENABLED:-false}
	export N8N_PERSONALIZATION_ENABLED=${N8N_PERSONALIZATION_ENABLED:-false}
	# Off: no look-ups of the community-node registry (offline). n8n 2.41 still loads what is
	# installed in <user folder>/.n8n/nodes (CommunityPackagesModule.nodeLoaders() reads only
	# N8N_COMMUNITY_PACKAGES_PREVENT_LOADING).
	export N8N_COMMUNITY_PACKAGES_ENABLED=${N8N_COMMUNITY_PACKAGES_ENABLED:-false}
	# This package is not verified by n8n (yet): n8n v3 turns this default to false, and unverified
	# installed packages then stop loading (breaking-change rule unverified-packages-v3).
	export N8N_UNVERIFIED_PACKAGES_ENABLED=${N8N_UNVERIFIED_PACKAGES_ENABLED:-true}
	export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=${N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS:-false}
	export N8N_HIDE_USAGE_PAGE=${N8N_HIDE_USAGE_PAGE:-true}
	# n8n 2.x fetches the MCP server registry from api.n8n.io at start (a logged failure when
	# offline). n8n 1.x has no such module and refuses to start on a module name it does not know.
	case $n8n_version in
	1.*) ;;
	*) export N8N_DISABLED_MODULES=${N8N_DISABLED_MODULES-mcp-registry} ;;
	esac
	# Loopback only. n8n's defaults: editor/API on :: (every interface), a queue-mode worker's
	# health/metrics server on ::, the engine-v2 module on 0.0.0.0; the task broker on 127.0.0.1.
	export N8N_LISTEN_ADDRESS=${N8N_LISTEN_ADDRESS:-127.0.0.1}
	export N8N_RUNNERS_BROKER_LISTEN_ADDRESS=${N8N_RUNNERS_BROKER_LISTEN_ADDRESS:-127.0.0.1}
	export N8N_WORKER_SERVER_ADDRESS=${N8N_WORKER_SERVER_ADDRESS:-127.0.0.1}
	export N8N_ENGINE_HOST=${N8N_ENGINE_HOST:-127.0.0.1}
	exec bash "$root/scripts/node24.sh" "$bin" "$@"
	;;
esac
