/**
 * The n8n version the suites run against: scripts/n8n.sh decides (N8N_VERSION, else its default),
 * so `N8N_VERSION=1.123.81 npm run test:e2e` and scripts/test-matrix.js reach every harness.
 * Where n8n itself differs between versions (n8n 1.x starts no task broker by default, activates
 * workflows within the request, has another editor), a test asks `n8nMajor()`; what is checked of
 * this package never changes with the version.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const N8N_SH = path.resolve(__dirname, '../../scripts/n8n.sh');

let cached: string | undefined;

/** The version scripts/n8n.sh uses now, e.g. "2.41.1" (installs nothing). */
export function n8nVersion(): string {
	cached ??= execFileSync('bash', [N8N_SH, 'version'], { encoding: 'utf8' }).trim();
	return cached;
}

/** Its major version: 1 or 2. */
export function n8nMajor(): number {
	return Number(n8nVersion().split('.')[0]);
}

/** The version of the n8n installed in `n8nDir` (a scripts/n8n.sh install folder). */
export function n8nVersionOf(n8nDir: string): string {
	return (JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules/n8n/package.json'), 'utf8')) as { version: string }).version;
}
