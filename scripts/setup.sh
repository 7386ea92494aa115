#!/usr/bin/env bash
# Sets the project up from a fresh clone: Node 24, the locked dev dependencies, and a build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/node24.sh node --version >/dev/null
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	# npm install, not npm ci: the registry reachable here lacks the other platforms' optional
	# binaries of one dev dependency (unrs-resolver, via jest), so the lockfile cannot list them
	# and npm ci refuses it. npm install still installs exactly the locked versions; the check
	# below makes sure it did not have to change the lockfile.
	bash scripts/node24.sh npm install --no-audit --no-fund
	if [ -d .git ] && ! git diff --quiet -- package-lock.json; then
		echo "npm install changed package-lock.json: commit the updated lockfile" >&2
		exit 1
	fi
fi
npm run build
