#!/usr/bin/env bash
# Sets the project up from a fresh clone: Node 24, the locked dev dependencies, and a build.
#
# Dependencies come from `npm ci`: exactly what package-lock.json records, for this platform, and
# the lockfile is never rewritten, whatever the registry holds today. The lockfile is committed
# complete for every platform (scripts/check-lockfile.js, run first, says what to do when it is not).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/node24.sh node --version >/dev/null
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ]; then
	node scripts/check-lockfile.js
	bash scripts/node24.sh npm ci --no-audit --no-fund
fi
npm run build
