'use strict';

/**
 * `npm test`: the unit tests, then the suites that need a real n8n on every n8n version of
 * scripts/n8n-matrix.json (today n8n 2.41.1: e2e, live, queue; n8n 1.123.81: e2e and three live
 * files). What a contributor runs is what CI runs (.ci/run runs README's test command, `npm test`).
 *
 * Order, chosen for a cold machine (no n8n installed yet; each install takes ~5-6 minutes):
 *   1. set-up (npm ci on a fresh clone) and one build;
 *   2. the n8n installs of every version, started at once, in the background (scripts/n8n.sh: one
 *      folder and one lock per version; an installed version returns at once);
 *   3. the unit tests, while n8n installs;
 *   4. each version in turn, once its install is done: its suites, one after the other, with
 *      N8N_VERSION set (every harness and scripts/n8n.sh follow it).
 * Every leg runs even when an earlier one failed, so one run shows the whole matrix; the exit code
 * is 1 when anything failed. The last lines are a table: suite and n8n version → passed/failed.
 *
 *   node scripts/test-matrix.js                 everything (npm test)
 *   N8N_MATRIX=1.123.81 node scripts/test-matrix.js   only the legs of these versions (comma list)
 *   TEST_MATRIX_SKIP_UNIT=1                     without the unit tests
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const matrix = require('./n8n-matrix.json');
const CONFIGS = { e2e: 'jest.e2e.config.js', live: 'jest.live.config.js', queue: 'jest.queue.config.js' };
/** Suites that share one running n8n or check process trees from the jest process run in band. */
const IN_BAND = new Set(['live', 'queue']);

const log = (line) => process.stdout.write(`[test] ${line}\n`);
const minutes = (ms) => `${(ms / 60_000).toFixed(1)} min`;

/** Runs a command with inherited output; resolves to its exit code. */
function run(command, args, env = process.env) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
		child.on('error', (error) => {
			log(`${command} ${args.join(' ')}: ${error.message}`);
			resolve(1);
		});
		child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/** The live test files a leg names ("trigger" → test/live/trigger.live.test.cts), each exactly once. */
function liveFiles(names) {
	const dir = path.join(ROOT, 'test/live');
	const all = fs.readdirSync(dir).filter((file) => /\.test\.c?ts$/.test(file));
	return names.map((name) => {
		const found = all.filter((file) => file.split('.')[0] === name);
		if (found.length !== 1) throw new Error(`scripts/n8n-matrix.json names the live test "${name}": ${found.length} files in test/live match (${all.join(', ')})`);
		return path.join('test/live', found[0]);
	});
}

/** Starts `scripts/n8n.sh install` for a version in the background; the promise says whether it worked. */
function startInstall(version, logDir) {
	const logFile = path.join(logDir, `n8n-install-${version}.log`);
	const out = fs.openSync(logFile, 'w');
	const started = Date.now();
	const child = spawn('bash', [path.join(ROOT, 'scripts/n8n.sh'), 'install'], { cwd: ROOT, env: { ...process.env, N8N_VERSION: version }, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	return new Promise((resolve) => {
		child.on('close', (code) => {
			const text = fs.readFileSync(logFile, 'utf8');
			resolve({ ok: code === 0, ms: Date.now() - started, logFile, tail: text.trimEnd().split('\n').slice(-30).join('\n') });
		});
	});
}

async function main() {
	const started = Date.now();
	const only = (process.env.N8N_MATRIX ?? '').split(',').map((v) => v.trim()).filter(Boolean);
	const legs = matrix.legs.filter((leg) => !only.length || only.includes(leg.n8n));
	if (!legs.length) throw new Error(`N8N_MATRIX=${process.env.N8N_MATRIX} names no version of scripts/n8n-matrix.json (${matrix.legs.map((l) => l.n8n).join(', ')})`);
	// Resolve every named file first: a renamed test fails the run before anything is installed.
	const plans = legs.map((leg) => ({
		leg,
		suites: Object.entries(leg.suites).map(([suite, which]) => {
			if (!CONFIGS[suite]) throw new Error(`scripts/n8n-matrix.json: unknown suite "${suite}" for n8n ${leg.n8n}`);
			return { suite, files: which === 'all' ? [] : suite === 'live' ? liveFiles(which) : which };
		}),
	}));

	const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'phone-numbers-matrix-')), 'summary.jsonl');
	const results = [];
	const env = { ...process.env, TEST_SUMMARY_FILE: summaryFile };

	// scripts/setup.sh: Node 24 and `npm ci` when node_modules is missing or older than the lockfile
	// (a fresh clone), then the build; on a set-up checkout only the build.
	log('set-up and build (npm run setup)');
	if ((await run('npm', ['run', 'setup'])) !== 0) process.exit(1);

	const logDir = path.join(ROOT, 'test-results');
	fs.mkdirSync(logDir, { recursive: true });
	log(`installing n8n ${legs.map((l) => l.n8n).join(' and ')} in parallel, in the background (logs: test-results/n8n-install-<version>.log)`);
	const installs = new Map(legs.map((leg) => [leg.n8n, startInstall(leg.n8n, logDir)]));

	if (process.env.TEST_MATRIX_SKIP_UNIT !== '1') {
		log('unit tests (while n8n installs)');
		const code = await run('bash', ['scripts/node24.sh', 'jest'], env);
		results.push({ what: 'unit', code });
	}

	for (const { leg, suites } of plans) {
		const install = await installs.get(leg.n8n);
		log(`n8n ${leg.n8n}: install ${install.ok ? 'ready' : 'FAILED'} after ${minutes(install.ms)}`);
		if (!install.ok) {
			process.stdout.write(`${install.tail}\n`);
			for (const { suite } of suites) results.push({ what: `${suite} on n8n ${leg.n8n}`, code: 1, note: `n8n install failed (${install.logFile})` });
			continue;
		}
		for (const { suite, files } of suites) {
			const since = Date.now();
			log(`${suite} on n8n ${leg.n8n}${files.length ? `: ${files.join(' ')}` : ''}`);
			const args = ['scripts/node24.sh', 'jest', '--config', CONFIGS[suite], ...(IN_BAND.has(suite) ? ['--runInBand'] : []), ...files];
			const code = await run('bash', args, { ...env, N8N_VERSION: leg.n8n });
			results.push({ what: `${suite} on n8n ${leg.n8n}`, code, ms: Date.now() - since });
		}
	}

	const counts = fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
	fs.rmSync(path.dirname(summaryFile), { recursive: true, force: true });
	log(`summary (${minutes(Date.now() - started)} in all):`);
	for (const result of results) {
		const count = counts.find((c) => c.label === result.what);
		const detail = count ? `${count.passed} passed, ${count.failed} failed${count.skipped ? `, ${count.skipped} skipped` : ''}` : result.note ?? 'no test result';
		const time = result.ms ? ` (${minutes(result.ms)})` : '';
		process.stdout.write(`  ${result.code === 0 ? 'ok  ' : 'FAIL'}  ${result.what.padEnd(24)} ${detail}${time}\n`);
	}
	process.exit(results.every((r) => r.code === 0) ? 0 : 1);
}

main().catch((error) => {
	log(error.stack ?? String(error));
	process.exit(1);
});
