#!/usr/bin/env bash
# Sets the project up from a fresh clone: Node 24, the locked dev dependencies, and a build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/node24.sh node --version >/dev/null
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	bash scripts/node24.sh npm ci --no-audit --no-fund
fi
npm run build
