/**
 * The package as users get it, in a real n8n: `npm pack` once, then `npm install <tgz>` in the nodes
 * folder of an n8n user folder (what n8n's docs say to do by hand), checked with n8n's own loader.
 * Thin wrappers around `bash scripts/n8n.sh pack` / `install-package`, which the demo uses too.
 *
 *   const tarball = await packPackage(dir);                      // once per run
 *   const installed = await installPackage(userFolder, tarball); // per n8n user folder
 *   // start n8n with N8N_USER_FOLDER=userFolder: node type n8n-nodes-phone-numbers.phoneNumber
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const N8N_SH = path.join(ROOT, 'scripts/n8n.sh');

/** What n8n loaded from the installed package (scripts/check-installed-package.js). */
export interface InstalledPackage {
	package: string;
	version: string;
	/** The installed package folder: <user folder>/.n8n/nodes/node_modules/n8n-nodes-phone-numbers */
	directory: string;
	/** Node types as workflows name them, e.g. "n8n-nodes-phone-numbers.phoneNumber". */
	nodes: string[];
	/** Credential types, e.g. "signalWireApi". */
	credentials: string[];
}

function n8nSh(args: string[], timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile('bash', [N8N_SH, ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`bash scripts/n8n.sh ${args.join(' ')} failed (${error.message.split('\n')[0]}):\n${stderr.trim().split('\n').slice(-20).join('\n')}`));
			else resolve(stdout.trim().split('\n').pop() ?? '');
		});
	});
}

/** `npm pack` of the current build (run `npm run build` first) into `dir`; resolves to the .tgz path. */
export function packPackage(dir: string): Promise<string> {
	return n8nSh(['pack', dir], 5 * 60_000);
}

/**
 * `npm install <tarball>` into `<userFolder>/.n8n/nodes` (offline, without the n8n-workflow peer),
 * then the load check; rejects when n8n would not load every node and credential of the build.
 * Without `tarball`, packs the current build first. Installs n8n first when needed (scripts/n8n.sh).
 */
export async function installPackage(userFolder: string, tarball?: string): Promise<InstalledPackage> {
	return JSON.parse(await n8nSh(['install-package', userFolder, ...(tarball ? [tarball] : [])], 30 * 60_000)) as InstalledPackage;
}
