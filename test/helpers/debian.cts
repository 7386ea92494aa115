/**
 * Programs from Debian's packages that test suites start (Chromium, redis-server, PostgreSQL).
 * Under CI (CI=true) a missing one is installed with apt-get (as root, or through sudo); elsewhere
 * the suite fails with one line saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The executable `name` on PATH (or in `extraDirs`), or undefined. */
export function onPath(name: string, extraDirs: string[] = []): string | undefined {
	for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs]) {
		if (!dir) continue;
		const file = path.join(dir, name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			// not here
		}
	}
	return undefined;
}

/**
 * `find()` when it finds the program; under CI, installs `packages` with apt-get first. `hint` is
 * the message when it is missing outside CI (or still missing after the install).
 */
export function ensureDebianProgram(find: () => string | undefined, packages: string[], hint: string, label = 'tests'): string {
	const found = find();
	if (found) return found;
	if (process.env.CI !== 'true') throw new Error(hint);
	const asRoot = process.getuid?.() === 0;
	const run = (args: string[]) =>
		execFileSync(asRoot ? args[0] : 'sudo', asRoot ? args.slice(1) : ['-n', ...args], {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeout: 15 * 60_000,
		});
	process.stderr.write(`[${label}] CI: installing ${packages.join(', ')} with apt-get\n`);
	run(['apt-get', 'update']);
	run(['apt-get', 'install', '-y', ...packages]);
	const installed = find();
	if (!installed) throw new Error(`apt-get installed ${packages.join(', ')} but the program is still missing. ${hint}`);
	return installed;
}
