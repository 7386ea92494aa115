'use strict';

/**
 * Purchase benchmark: our Phone Number node against n8n's own HTTP Request node (what a user would
 * build instead: POST with a stored Basic Auth credential), 1,000 purchases per run, both run in this
 * one process by n8n's WorkflowExecute on the real n8n 2.41.1 engine (see lib/engine.js), against
 * the provider stand-in (test/sandbox/server.js) on 127.0.0.1. Not a test: it prints numbers.
 *
 *   npm run bench                       build, then this with the defaults below
 *   bash scripts/node24.sh node --expose-gc bench/purchase.bench.js [options]
 *
 * Options (defaults in brackets):
 *   --items N          purchases per run [1000]
 *   --rounds N         measured rounds [3]; a warm-up round comes first and is not counted
 *   --warmup N         warm-up rounds [1]
 *   --provider P       signalwire | plivo | twilio | both (SignalWire and Plivo) | all [all]
 *   --inline-server    run the stand-in in this process instead of a child process
 *   --dist DIR         take "ours" from DIR (e.g. a build of another commit) instead of the package
 *                      users get: ./dist packed and npm-installed into a temporary n8n user folder
 *                      (bash scripts/n8n.sh install-package, as the e2e tests and the demo do)
 *   --variant DIR      also run a copy of the built node from DIR (a scratch copy of dist/ with an
 *                      experimental change); repeatable. Reported next to ours, same rounds.
 *   --only KEY         run only one node: ours | http | variant1 ... (for --cpu-prof profiles)
 *   --phases           count and time RoutingNode internals per item (slows our node; see README)
 *   --expression-engine E   vm | legacy [$N8N_EXPRESSION_ENGINE or vm, n8n 2.41's default]
 *   --no-install       do not call scripts/n8n.sh install; fail if n8n is not already there
 *
 * Each round runs every node once per provider, in an order that alternates between rounds, each
 * run on a freshly reset stand-in (the same 1,000 numbers are on sale for every run). Time per item
 * is the node's own execution time (WorkflowExecute's nodeExecuteBefore/After hooks) / items.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { locateN8n, createEngine, assertOneEngine, ROOT, N8N_VERSION } = require('./lib/engine');
const { startStandIn, benchNumbers } = require('./lib/stand-in');
const { PROVIDERS } = require('./lib/providers');
const { assertLoopbackOnly } = require('../test/helpers/loopback');
const { readFlags } = require('./lib/args');

function parseArgs(argv) {
	const args = { expressionEngine: process.env.N8N_EXPRESSION_ENGINE || 'vm', items: 1000, rounds: 3, warmup: 1, provider: 'all', inlineServer: false, variants: [], phases: false, install: true };
	readFlags(argv, args, (flag, value) => {
		if (flag === '--provider') args.provider = value();
		else if (flag === '--inline-server') args.inlineServer = true;
		else if (flag === '--variant') args.variants.push(path.resolve(value()));
		else if (flag === '--dist') args.dist = path.resolve(value());
		else if (flag === '--phases') args.phases = true;
		else if (flag === '--expression-engine') args.expressionEngine = value();
		else if (flag === '--only') args.only = value();
		else if (flag === '--no-install') args.install = false;
		else return false;
		return true;
	});
	if (!['vm', 'legacy', 'quickjs'].includes(args.expressionEngine)) throw new Error('--expression-engine is vm, legacy or quickjs');
	if (!['signalwire', 'plivo', 'twilio', 'both', 'all'].includes(args.provider)) throw new Error('--provider is signalwire, plivo, twilio, both or all');
	return args;
}

/** The contestants for one provider: our node (and variants), then the HTTP Request node. */
function contestants(engine, provider, base) {
	const p = PROVIDERS[provider];
	const list = engine.ours.map((copy, index) => ({
		name: index === 0 ? 'Phone Number (ours)' : `variant ${index}: ${path.basename(path.dirname(copy.dir)) === 'dist' ? copy.dir : path.basename(copy.dir)}`,
		key: index === 0 ? 'ours' : `variant${index}`,
		node: {
			type: copy.typeName,
			typeVersion: 1,
			parameters: { authentication: p.credential, resource: 'phoneNumber', operation: 'purchase', phoneNumber: '={{ $json.number }}' },
			credentials: { [p.credential]: { id: 'bench', name: `${p.label} (bench)` } },
		},
		credentialData: { [p.credential]: p.credentialData(base) },
		credentialTypes: copy.credentialTypes,
		bought: (json, item) => json.purchase?.status === 'purchased' && json.purchase?.number === item.number,
	}));
	list.push({
		name: 'HTTP Request (n8n, Basic Auth)',
		key: 'http',
		node: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: p.httpParameters(base),
			credentials: { httpBasicAuth: { id: 'bench-basic', name: `${p.label} Basic Auth (bench)` } },
		},
		credentialData: { httpBasicAuth: p.basicAuth },
		credentialTypes: {},
		bought: p.httpBought,
	});
	return list;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmtMs = (ms) => `${ms.toFixed(3)} ms`;
const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);

/** One run: reset the stand-in, run the node on all items, check every purchase, count requests. */
async function measure(engine, standIn, contestant, provider, items) {
	await standIn.reset();
	global.gc?.();
	const result = await engine.runNode({ node: contestant.node, items, credentialData: contestant.credentialData, credentialTypes: contestant.credentialTypes });
	const stats = await standIn.stats();
	if (result.error) throw new Error(`${contestant.name} at ${provider} failed: ${result.error.message} ${result.error.description ?? ''}`);
	const failed = result.items.filter((item, index) => item.error || !contestant.bought(item.json, items[index]));
	if (result.items.length !== items.length || failed.length) {
		throw new Error(
			`${contestant.name} at ${provider}: ${result.items.length} items out for ${items.length} in, ${failed.length} not bought; first: ${JSON.stringify(failed[0]?.json ?? failed[0]?.error?.message).slice(0, 300)}`,
		);
	}
	const requests = stats.byProvider[PROVIDERS[provider].serverKey] ?? 0;
	const purchased = (stats.byStatus[200] ?? 0) + (stats.byStatus[201] ?? 0);
	return {
		perItem: result.nodeMs / items.length,
		cpuPerItem: result.nodeCpuMs / items.length,
		requests,
		purchased,
		credentialReads: result.credentialReads / items.length,
		stats,
	};
}

function packedSize() {
	try {
		const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		const [info] = JSON.parse(out);
		return { size: info.size, unpackedSize: info.unpackedSize, files: info.entryCount ?? info.files?.length };
	} catch (error) {
		return { error: error.message.split('\n')[0] };
	}
}

/** ./dist as users get it: packed and installed into a temporary n8n user folder; its dist folder. */
function installedDist() {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-numbers-bench-'));
	process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
	const out = execFileSync('bash', [path.join(ROOT, 'scripts/n8n.sh'), 'install-package', userFolder], { cwd: ROOT, env: { ...process.env, N8N_VERSION }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	return path.join(JSON.parse(out.trim().split('\n').pop()).directory, 'dist');
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const n8nDir = locateN8n({ install: args.install });
	const engine = createEngine({ n8nDir, distDirs: [args.dist ?? installedDist(), ...args.variants] });
	const phases = args.phases ? require('./lib/phases').instrument(n8nDir) : undefined;
	if (phases) engine.onCredentialsHelper = (helper) => phases.wrapHelper(helper);
	await engine.startExpressionEngine(args.expressionEngine);
	const standIn = await startStandIn({ inline: args.inlineServer });
	assertLoopbackOnly(standIn.pid, 'the stand-in');
	const providers = { both: ['signalwire', 'plivo'], all: Object.keys(PROVIDERS) }[args.provider] ?? [args.provider];
	const numbers = benchNumbers(args.items);
	const itemsFor = { signalwire: numbers.map((number) => ({ number })), plivo: numbers.map((number) => ({ number, digits: number.slice(1) })), twilio: numbers.map((number) => ({ number })) };

	console.log(`Purchase bench: ${args.items} purchases per run; Node ${process.version}; n8n ${N8N_VERSION} engine from ${n8nDir}`);
	console.log(`  ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
	console.log(`  (n8n-core ${engine.versions.n8nCore}, n8n-workflow ${engine.versions.n8nWorkflow}, expression engine "${args.expressionEngine}")`);
	console.log(`  stand-in test/sandbox/server.js ${standIn.where} at ${standIn.base}; ${args.warmup} warm-up + ${args.rounds} measured rounds, node order alternating${global.gc ? '; GC before each run' : ''}`);
	if (phases) console.log('  --phases: engine internals are wrapped with counters and timers; the times below include that overhead');

	const results = {}; // provider -> key -> [{perItem, requests, purchased}]
	const names = {};
	try {
		for (let round = 0; round < args.warmup + args.rounds; round++) {
			const measured = round >= args.warmup;
			const line = [];
			for (const provider of providers) {
				let list = contestants(engine, provider, standIn.base).filter((c) => !args.only || c.key === args.only);
				if (round % 2 === 1) list = [...list].reverse(); // alternate who goes first
				for (const contestant of list) {
					names[contestant.key] = contestant.name;
					phases?.start(measured ? `${PROVIDERS[provider].label}, ${contestant.name}` : undefined);
					const run = await measure(engine, standIn, contestant, provider, itemsFor[provider]);
					phases?.stop();
					if (measured) ((results[provider] ??= {})[contestant.key] ??= []).push(run);
					line.push(`${PROVIDERS[provider].label} ${contestant.key} ${run.perItem.toFixed(3)}/${run.cpuPerItem.toFixed(3)}`);
				}
			}
			console.log(`${measured ? `round ${round - args.warmup + 1}` : 'warm-up'} (wall/CPU ms per item): ${line.join(' | ')}`);
		}
	} finally {
		await standIn.close();
		await engine.stopExpressionEngine();
	}
	assertOneEngine(n8nDir);

	console.log('');
	console.log('Per item: the node\'s wall time (what a user waits) and this process\'s CPU time (robust when other');
	console.log('processes compete for the 2 cores); medians over the measured rounds; "vs HTTP" = ours / HTTP Request.');
	console.log(
		`${pad('provider', 11)}${pad('node', 36)}${lpad('wall/item', 11)}${lpad('vs HTTP', 9)}${lpad('CPU/item', 11)}${lpad('vs HTTP', 9)}` +
			`${lpad('requests/number', 17)}${lpad('cred reads/item', 17)}`,
	);
	const summary = {};
	for (const provider of providers) {
		const byKey = results[provider];
		const order = (key) => (key === 'ours' ? 0 : key === 'http' ? 2 : 1);
		const base = (field) => (byKey.http ? median(byKey.http.map((r) => r[field])) : NaN);
		for (const [key, runs] of Object.entries(byKey).sort(([a], [b]) => order(a) - order(b))) {
			const wall = median(runs.map((r) => r.perItem));
			const cpu = median(runs.map((r) => r.cpuPerItem));
			const requests = runs.reduce((sum, r) => sum + r.requests, 0);
			const purchased = runs.reduce((sum, r) => sum + r.purchased, 0);
			// Per-round ratios too: robust against drift over the rounds (load, thermal, GC).
			const roundRatio = median(runs.map((r, i) => r.perItem / (byKey.http?.[i].perItem ?? NaN)));
			const roundCpuRatio = median(runs.map((r, i) => r.cpuPerItem / (byKey.http?.[i].cpuPerItem ?? NaN)));
			const entry = { wall, cpu, ratio: wall / base('perItem'), cpuRatio: cpu / base('cpuPerItem'), roundRatio, roundCpuRatio, requestsPerNumber: requests / purchased };
			(summary[provider] ??= {})[key] = entry;
			const x = (value) => (key === 'http' || !Number.isFinite(value) ? '' : `${value.toFixed(2)}x`);
			console.log(
				`${pad(PROVIDERS[provider].label, 11)}${pad(names[key].slice(0, 35), 36)}${lpad(fmtMs(wall), 11)}${lpad(x(entry.ratio), 9)}${lpad(fmtMs(cpu), 11)}${lpad(x(entry.cpuRatio), 9)}` +
					`${lpad((requests / purchased).toFixed(3), 17)}${lpad(median(runs.map((r) => r.credentialReads)).toFixed(2), 17)}`,
			);
		}
	}
	console.log('');
	for (const provider of args.only ? [] : providers) {
		const ours = summary[provider].ours;
		console.log(
			`${PROVIDERS[provider].label}: ours/HTTP Request per item = ${ours.ratio.toFixed(2)}x wall (median of per-round ratios ${ours.roundRatio.toFixed(2)}x), ` +
				`${ours.cpuRatio.toFixed(2)}x CPU (per-round ${ours.roundCpuRatio.toFixed(2)}x); ${ours.requestsPerNumber.toFixed(3)} requests per purchased number (counted at the stand-in)`,
		);
	}
	const pack = packedSize();
	console.log(pack.error ? `package tarball: npm pack --dry-run failed: ${pack.error}` : `package tarball (npm pack --dry-run --json, size): ${pack.size} bytes (${(pack.size / 1024).toFixed(1)} KiB; ${pack.unpackedSize} bytes unpacked, ${pack.files} files)`);
	if (args.only) return phases?.report(args.items, args.rounds);
	const worst = Math.max(...providers.map((p) => summary[p].ours.ratio));
	const worstCpu = Math.max(...providers.map((p) => summary[p].ours.cpuRatio));
	const requestsOk = providers.every((p) => summary[p].ours.requestsPerNumber === 1);
	console.log(
		`targets: ours within 1.10x of HTTP Request per item: ${worst <= 1.1 ? 'met' : 'NOT met'} (worst ${worst.toFixed(2)}x wall, ${worstCpu.toFixed(2)}x CPU); ` +
			`exactly 1 request per purchased number: ${requestsOk ? 'met' : 'NOT met'}`,
	);
	const load = os.loadavg()[0];
	if (load > os.cpus().length * 0.75) console.log(`note: 1-minute load average ${load.toFixed(2)} on ${os.cpus().length} CPUs: other processes competed; trust the CPU columns over wall time`);
	if (phases) phases.report(args.items, args.rounds);
}

main().then(
	() => process.exit(0), // the expression engine's isolate pool may hold the event loop open
	(error) => {
		console.error(`bench failed: ${error.stack ?? error}`);
		process.exit(1);
	},
);
