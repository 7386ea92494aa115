'use strict';

/**
 * Scale benchmark (issue 11). Not a test: it prints numbers.
 *
 *  1. Rate limit: 1,000 purchases against the stand-in limited to 60 requests per second (a token
 *     bucket, 60 at once), through the Phone Number node with defaults, n8n's HTTP Request node with
 *     defaults, and the HTTP Request node with Retry On Fail (n8n's defaults: 3 tries, 1 s apart).
 *     Each after a warm-up run of 20 items. Wall time, items not bought, requests sent, numbers bought twice.
 *  2. Large accounts: Get Many with Return All on 10,000 owned numbers at each provider, each answer
 *     50 ms late: wall time, requests, peak heap per 1,000 items; Plivo once more under its
 *     documented default limit (300 requests per 5 s: 60 per second, 300 at once).
 *  3. After a 429 (issue 19): the same Plivo Return All of 10,000 numbers (50 ms, the stand-in not
 *     limiting), timed in a fresh process and in a process whose account has just had one 429
 *     (the pace the node learned from it must not stall the list). Each in its own child process.
 *
 *   npm run bench                 all three (purchase.bench.js first)
 *   npm run bench:scale           this one only
 *   bash scripts/node24.sh node --expose-gc bench/scale.bench.js [--only ratelimit|large|after429] [--provider P] [--items N] [--rounds N]
 *
 * Both run on the real n8n 2.41.1 engine with the built node (see lib/engine.js), the stand-in in
 * a child process on 127.0.0.1.
 */

const path = require('node:path');
const { locateN8n, createEngine, assertOneEngine, ROOT, N8N_VERSION } = require('./lib/engine');
const { startStandIn, benchNumbers } = require('./lib/stand-in');
const { PROVIDERS } = require('./lib/providers');
const { assertLoopbackOnly } = require('../test/helpers/loopback');

const RATE = 60;
const LARGE = 10000;
const LATENCY_MS = 50;

function parseArgs(argv) {
	const args = { only: undefined, provider: 'both', items: 1000, rounds: 3, install: true, expressionEngine: process.env.N8N_EXPRESSION_ENGINE || 'vm', child: undefined, base: undefined };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => argv[++i];
		if (flag === '--only') args.only = value();
		else if (flag === '--provider') args.provider = value();
		else if (flag === '--items') args.items = Number(value());
		else if (flag === '--rounds') args.rounds = Number(value());
		else if (flag === '--after429-child') args.child = value();
		else if (flag === '--base') args.base = value();
		else if (flag === '--no-install') args.install = false;
		else if (flag === '--expression-engine') args.expressionEngine = value();
		else throw new Error(`unknown option ${flag}`);
	}
	if (![undefined, 'ratelimit', 'large', 'after429'].includes(args.only)) throw new Error('--only is ratelimit, large or after429');
	if (!(Number.isInteger(args.rounds) && args.rounds >= 1)) throw new Error('--rounds is a whole number from 1');
	if (![undefined, 'fresh', 'after429'].includes(args.child)) throw new Error('--after429-child is fresh or after429');
	if (!['signalwire', 'plivo', 'both'].includes(args.provider)) throw new Error('--provider is signalwire, plivo or both');
	if (!(args.items > 0 && args.items <= 1200)) throw new Error('--items is 1 to 1200');
	return args;
}

const pad = (text, width) => String(text).padEnd(width);
const lpad = (text, width) => String(text).padStart(width);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

function ours(engine, provider, base, parameters) {
	const p = PROVIDERS[provider];
	return {
		node: {
			type: engine.ours[0].typeName,
			typeVersion: 1,
			parameters: { authentication: p.credential, resource: 'phoneNumber', ...parameters },
			credentials: { [p.credential]: { id: 'bench', name: `${p.label} (bench)` } },
		},
		credentialData: { [p.credential]: p.credentialData(base) },
		credentialTypes: engine.ours[0].credentialTypes,
	};
}

function httpRequest(provider, base, retry) {
	const p = PROVIDERS[provider];
	return {
		node: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: p.httpParameters(base),
			credentials: { httpBasicAuth: { id: 'bench-basic', name: `${p.label} Basic Auth (bench)` } },
			// n8n's defaults once Retry On Fail is switched on: 3 tries, 1000 ms apart.
			...(retry ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 } : {}),
		},
		credentialData: { httpBasicAuth: p.basicAuth },
		credentialTypes: {},
	};
}

async function timed(engine, contestant, items) {
	global.gc?.();
	const t0 = performance.now();
	const result = await engine.runNode({ ...contestant, items });
	return { ...result, wallMs: performance.now() - t0 };
}

async function rateLimitBench(engine, args, providers) {
	const standIn = await startStandIn({ options: { rateLimit: { rate: RATE, burst: RATE } } });
	assertLoopbackOnly(standIn.pid, 'stand-in');
	const numbers = benchNumbers(args.items);
	const floor = (args.items / RATE) * 1000;
	console.log('');
	console.log(`Rate limit: ${args.items} purchases, stand-in limited to ${RATE} requests per second (token bucket, ${RATE} at once); ${args.items} / ${RATE} = ${seconds(floor)}`);
	console.log(`${pad('provider', 11)}${pad('node', 34)}${lpad('wall', 10)}${lpad('vs floor', 10)}${lpad('sending', 10)}${lpad('vs floor', 10)}${lpad('not bought', 12)}${lpad('requests', 10)}${lpad('429s', 7)}${lpad('bought twice', 14)}`);
	const summary = [];
	try {
		for (const provider of providers) {
			const items = numbers.map((number) => ({ number, digits: number.slice(1) }));
			const runs = [
				['Phone Number (ours), defaults', ours(engine, provider, standIn.base, { operation: 'purchase', phoneNumber: '={{ $json.number }}' })],
				['HTTP Request, defaults', httpRequest(provider, standIn.base, false)],
				['HTTP Request, Retry On Fail', httpRequest(provider, standIn.base, true)],
			];
			for (const [name, contestant] of runs) {
				// Warm-up: 20 purchases, under the burst allowance, so no 429 teaches the node a pace early.
				await standIn.reset();
				await engine.runNode({ ...contestant, items: items.slice(0, 20) });
				await standIn.reset();
				const result = await timed(engine, contestant, items);
				const stats = await standIn.stats();
				const notBought = args.items - stats.purchases.distinct;
				const row = { provider, name, wallMs: result.wallMs, spanMs: stats.spanMs, notBought, requests: stats.byProvider[PROVIDERS[provider].serverKey] ?? 0, limited: stats.byStatus[429] ?? 0, twice: stats.purchases.twice };
				summary.push(row);
				console.log(
					`${pad(PROVIDERS[provider].label, 11)}${pad(name, 34)}${lpad(seconds(row.wallMs), 10)}${lpad(`${(row.wallMs / floor).toFixed(2)}x`, 10)}` +
						`${lpad(seconds(row.spanMs), 10)}${lpad(`${(row.spanMs / floor).toFixed(2)}x`, 10)}` +
						`${lpad(row.notBought, 12)}${lpad(row.requests, 10)}${lpad(row.limited, 7)}${lpad(row.twice, 14)}`,
				);
			}
		}
	} finally {
		await standIn.close();
	}
	const mine = summary.filter((row) => row.name.startsWith('Phone Number'));
	const safe = mine.every((row) => row.notBought === 0 && row.twice === 0);
	const worst = (field) => Math.max(...mine.map((row) => row[field] / floor));
	const verdict = (field) => `${worst(field) <= 1.15 ? 'met' : 'NOT met'} (worst ${worst(field).toFixed(3)}x)`;
	console.log(
		`target: ours 0 not bought, 0 bought twice: ${safe ? 'met' : 'NOT met'}; within 1.15x of ${seconds(floor)}: ` +
			`wall ${verdict('wallMs')}, sending ${verdict('spanMs')}`,
	);
	console.log('"wall" is the whole node run, n8n preparing the items (expressions) before any request included; "sending" is from the');
	console.log("first request's arrival at the stand-in to the last answer. Requests and 429s are counted at the stand-in.");
}

/** Runs `fn` while sampling the heap every 5 ms; returns its result and the peak heap growth. */
async function withPeakHeap(fn) {
	global.gc?.();
	const base = process.memoryUsage().heapUsed;
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	try {
		const result = await fn();
		peak = Math.max(peak, process.memoryUsage().heapUsed);
		return { result, peakBytes: peak - base };
	} finally {
		clearInterval(timer);
	}
}

/** The node's page concurrency, from the build under test. */
function pageConcurrency() {
	return require(path.join(ROOT, 'dist/nodes/shared/pagination.js')).PAGE_CONCURRENCY;
}

/** Every page of Plivo's owned-number list with fetch, pageConcurrency() at a time: the floor for our node. */
async function plainFetchPlivo(base, total) {
	const { user, password } = PROVIDERS.plivo.basicAuth;
	const headers = { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
	const offsets = Array.from({ length: Math.ceil(total / 20) }, (_, i) => i * 20);
	const t0 = performance.now();
	await fetch(`${base}/v1/Account/${user}/Number/?limit=20&offset=0`, { headers }).then((r) => r.json());
	let next = 1;
	const worker = async () => {
		while (next < offsets.length) await fetch(`${base}/v1/Account/${user}/Number/?limit=20&offset=${offsets[next++]}`, { headers }).then((r) => r.json());
	};
	await Promise.all(Array.from({ length: pageConcurrency() }, worker));
	return performance.now() - t0;
}

async function largeAccountBench(engine, providers) {
	console.log('');
	console.log(`Large accounts: Get Many, Return All, ${LARGE.toLocaleString('en')} numbers seeded (+2 the account starts with), every answer ${LATENCY_MS} ms late`);
	console.log(`${pad('provider', 11)}${pad('stand-in limit', 34)}${lpad('items', 8)}${lpad('wall', 10)}${lpad('requests', 10)}${lpad('429s', 7)}${lpad('peak heap / 1,000 items', 25)}`);
	const setups = [[{}, 'none']];
	if (providers.includes('plivo')) setups.push([{ rateLimit: { plivo: { rate: 60, burst: 300 } } }, "Plivo's default, 300 per 5 s"]);
	let plivoUnlimited;
	for (const [limits, label] of setups) {
		const standIn = await startStandIn({ options: { seedOwned: LARGE, latencyMs: LATENCY_MS, ...limits } });
		assertLoopbackOnly(standIn.pid, 'stand-in');
		try {
			for (const provider of label === 'none' ? providers : ['plivo']) {
				await standIn.reset(); // seeds the numbers before the clock starts
				const contestant = ours(engine, provider, standIn.base, { operation: 'getAll', returnAll: true });
				const { result, peakBytes } = await withPeakHeap(() => timed(engine, contestant, [{}]));
				if (result.error) throw new Error(`Get Many at ${provider} stopped: ${result.error.message}`);
				const stats = await standIn.stats();
				const count = result.items.length;
				if (provider === 'plivo' && label === 'none') plivoUnlimited = result.wallMs;
				console.log(
					`${pad(PROVIDERS[provider].label, 11)}${pad(label, 34)}${lpad(count, 8)}${lpad(seconds(result.wallMs), 10)}` +
						`${lpad(stats.byProvider[PROVIDERS[provider].serverKey] ?? 0, 10)}${lpad(stats.byStatus[429] ?? 0, 7)}${lpad(`${(peakBytes / 1048576 / (count / 1000)).toFixed(2)} MB`, 25)}`,
				);
				if (provider === 'plivo' && label === 'none') {
					// What the machine allows right now: the same pages by plain fetch, as many at once.
					const floorMs = await plainFetchPlivo(standIn.base, count);
					console.log(`${pad('', 11)}${pad(`(floor: plain fetch, ${pageConcurrency()} at once)`, 34)}${lpad(count, 8)}${lpad(seconds(floorMs), 10)}`);
				}
			}
		} finally {
			await standIn.close();
		}
	}
	if (plivoUnlimited !== undefined) {
		console.log(`target: ${LARGE.toLocaleString('en')} Plivo numbers in <= 3 s at ${LATENCY_MS} ms latency: ${plivoUnlimited <= 3000 ? 'met' : 'NOT met'} (${seconds(plivoUnlimited)})`);
	}
	console.log('"peak heap" is the growth of this process\'s V8 heap over the run (sampled every 5 ms, after a GC), divided by thousands of items out.');
}

const PLIVO_NUMBERS_PATH = `/v1/Account/${PROVIDERS.plivo.basicAuth.user}/Number/`;

/** Adds a fault to the stand-in (POST /__sandbox/faults; test/sandbox/README.md). */
async function addFault(base, fault) {
	const response = await fetch(`${base}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
	if (!response.ok) throw new Error(`the stand-in refused the fault: ${response.status} ${await response.text()}`);
}

/**
 * One process of the after-429 bench (run as a child, so each starts with nothing learned). Both kinds
 * do the same before the timed list: Get Many with Limit 20 (one page), then with Limit 100 (the
 * first page, then four at once). In the "after429" kind the Limit 100 list's first page is answered
 * 429 with Retry-After 1 (one fault, once), so the node learns a pace from the page before it; then,
 * at once, Return All over the 10,000 numbers, with the stand-in no longer limiting anything.
 */
async function after429Child(args) {
	const n8nDir = locateN8n({ install: false });
	const engine = createEngine({ n8nDir, distDirs: [path.join(ROOT, 'dist')] });
	await engine.startExpressionEngine(args.expressionEngine);
	try {
		const list = (parameters) => ours(engine, 'plivo', args.base, { operation: 'getAll', ...parameters });
		const run = async (parameters, expected) => {
			const result = await timed(engine, list(parameters), [{}]);
			if (result.error) return { ...result, stopped: `Get Many ${JSON.stringify(parameters)} stopped after ${seconds(result.wallMs)}: ${result.error.message}` };
			if (expected !== undefined && result.items.length !== expected) throw new Error(`Get Many ${JSON.stringify(parameters)} gave ${result.items.length} items, not ${expected}`);
			return result;
		};
		await run({ limit: 20 }, 20);
		if (args.child === 'after429') await addFault(args.base, { method: 'GET', path: PLIVO_NUMBERS_PATH, status: 429, headers: { 'Retry-After': '1' }, times: 1 });
		const before = await run({ limit: 100 }, 100);
		const big = await run({ returnAll: true });
		const message = { kind: args.child, beforeMs: before.wallMs, wallMs: big.wallMs, items: big.items.length, stopped: before.stopped ?? big.stopped };
		await new Promise((resolve) => process.send(message, resolve)); // delivered before main() exits
	} finally {
		await engine.stopExpressionEngine();
	}
}

function runChild(args, kind, base) {
	const { fork } = require('node:child_process');
	const argv = ['--after429-child', kind, '--base', base, '--expression-engine', args.expressionEngine];
	return new Promise((resolve, reject) => {
		const child = fork(__filename, argv, { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let result;
		child.on('message', (message) => (result = message));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`the ${kind} child exited with code ${code}`))));
	});
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function after429Bench(args) {
	const standIn = await startStandIn({ options: { seedOwned: LARGE, latencyMs: LATENCY_MS } });
	assertLoopbackOnly(standIn.pid, 'stand-in');
	console.log('');
	console.log(
		`After a 429: Plivo Get Many, Return All, ${LARGE.toLocaleString('en')} numbers (+2), every answer ${LATENCY_MS} ms late, the stand-in not limiting; ` +
			`each run in its own process, after Get Many Limit 20 and Limit 100 (in "after a 429", the Limit 100's first page answered 429, Retry-After 1)`,
	);
	console.log(`${pad('round', 7)}${pad('process', 14)}${lpad('Limit 100', 11)}${lpad('Return All', 12)}${lpad('vs fresh', 10)}${lpad('items', 8)}${lpad('requests', 10)}${lpad('429s', 7)}`);
	const times = { fresh: [], after429: [] };
	const ratios = [];
	const label = { fresh: 'fresh', after429: 'after a 429' };
	try {
		for (let round = 1; round <= args.rounds; round++) {
			// The order alternates, so neither kind always runs on a machine warmed up by the other.
			const rows = [];
			for (const kind of round % 2 ? ['fresh', 'after429'] : ['after429', 'fresh']) {
				await standIn.reset();
				const result = await runChild(args, kind, standIn.base);
				const stats = await standIn.stats();
				times[kind].push(result.stopped ? Infinity : result.wallMs);
				rows.push({ kind, result, stats });
			}
			const ratio = times.after429.at(-1) / times.fresh.at(-1);
			ratios.push(ratio);
			for (const { kind, result, stats } of rows) {
				if (result.stopped) {
					console.log(`${pad(round, 7)}${pad(label[kind], 14)}${result.stopped}`);
					continue;
				}
				console.log(
					`${pad(round, 7)}${pad(label[kind], 14)}${lpad(seconds(result.beforeMs), 11)}${lpad(seconds(result.wallMs), 12)}${lpad(kind === 'after429' ? `${ratio.toFixed(2)}x` : '', 10)}` +
						`${lpad(result.items, 8)}${lpad(stats.byProvider.plivo ?? 0, 10)}${lpad(stats.byStatus[429] ?? 0, 7)}`,
				);
			}
		}
	} finally {
		await standIn.close();
	}
	const fresh = median(times.fresh);
	const after = median(times.after429);
	// The two runs of a round ran back to back, on the same load: their ratio is the measure.
	const ratio = median(ratios);
	console.log(`median Return All: fresh ${seconds(fresh)}, after a 429 ${seconds(after)} (${(after / fresh).toFixed(2)}x)`);
	console.log(`after a 429 vs fresh, per round: ${ratios.map((r) => `${r.toFixed(2)}x`).join(', ')}; median ${ratio.toFixed(2)}x; target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}`);
	console.log('"Limit 100" is the list that got the 429 (its time includes the 1 s Retry-After); requests and 429s are counted at the stand-in for the whole process.');
	console.log('The target is judged on the rounds, each pair back to back: on a machine busy with other work single runs vary by 2x.');
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.child) return await after429Child(args);
	const n8nDir = locateN8n({ install: args.install });
	const engine = createEngine({ n8nDir, distDirs: [path.join(ROOT, 'dist')] });
	await engine.startExpressionEngine(args.expressionEngine);
	const providers = args.provider === 'both' ? ['signalwire', 'plivo'] : [args.provider];
	console.log(`Scale bench: Node ${process.version}; n8n ${N8N_VERSION} engine (expression engine "${args.expressionEngine}")`);
	try {
		if (args.only === undefined || args.only === 'ratelimit') await rateLimitBench(engine, args, providers);
		if (args.only === undefined || args.only === 'large') await largeAccountBench(engine, providers);
		if ((args.only === undefined || args.only === 'after429') && providers.includes('plivo')) await after429Bench(args);
	} finally {
		await engine.stopExpressionEngine();
	}
	assertOneEngine(n8nDir);
}

main().then(
	() => process.exit(0), // the expression engine's isolate pool may hold the event loop open
	(error) => {
		console.error(`bench failed: ${error.stack ?? error}`);
		process.exit(1);
	},
);
