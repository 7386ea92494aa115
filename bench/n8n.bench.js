'use strict';

/**
 * Purchase speed in a REAL n8n, as users run it (issue 19, part 3): n8n 2.41.1 (`n8n start`, from
 * the tools folder), this package installed from its `npm pack` tarball, credentials stored in n8n's
 * database, executions started by production webhooks. Side by side with what a user would build
 * instead: n8n's HTTP Request node with a stored Basic Auth credential, sending the same request.
 * Not a test: it prints numbers, and fails only when a run goes wrong (an item not bought).
 *
 *   npm run bench                        build, then this (and the scale bench)
 *   bash scripts/node24.sh node bench/n8n.bench.js [options]
 *
 * Options (defaults in brackets):
 *   --items N        purchases per run [1000]
 *   --rounds N       measured rounds [5]; --warmup N warm-up rounds first, not counted [1]
 *   --provider P     one of bench/lib/providers.js, or all [all]
 *   --only KEY       ours | http: run one node only (for a CPU profile of it)
 *   --profile DIR    a V8 CPU profile of n8n during each measured run (through n8n's inspector on
 *                    127.0.0.1), saved as DIR/<provider>-<node>-<round>.cpuprofile; read them with
 *                    node bench/lib/profile-summary.js <file> --items N
 *   --keep           keep the temporary folder (n8n.log, database)
 *
 * One n8n process serves every run. Per provider, two ACTIVE workflows, Webhook → Split Out →
 * [node] → Respond to Webhook: one with the Phone Number node (Purchase, Phone Number
 * `{{ $json.number }}`), one with the HTTP Request node (bench/lib/providers.js). A run posts the
 * run's numbers to the webhook, waits for n8n to finish and save the execution, and reads it back
 * through n8n's REST API. Time per item = the node's own `executionTime` in the execution's run data
 * / items. Every output item is checked (bought, the right number), and requests are counted at
 * the stand-in. Each round runs every node once per provider, each run on a freshly reset stand-in
 * (the same numbers for sale), in an order that reverses every round; the ratio ours / HTTP Request
 * is taken per round (both ran back to back, on the same load) and the median of those is judged.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
require('./lib/cts').register();
const { bootLiveN8n, LiveN8n, assertLoopbackOnly, sleep } = require('../test/live/harness.cts');
const { startStandIn, benchNumbers } = require('./lib/stand-in');
const { PROVIDERS } = require('./lib/providers');
const { readFlags } = require('./lib/args');

const TARGET = 0.75;
const NODE = 'Buy';

function parseArgs(argv) {
	const args = { items: 1000, rounds: 5, warmup: 1, provider: 'all', keep: false };
	readFlags(argv, args, (flag, value) => {
		if (flag === '--provider') args.provider = value();
		else if (flag === '--only') args.only = value();
		else if (flag === '--profile') args.profile = path.resolve(value());
		else if (flag === '--keep') args.keep = true;
		else return false;
		return true;
	});
	if (args.provider !== 'all' && !PROVIDERS[args.provider]) throw new Error(`--provider is all or one of ${Object.keys(PROVIDERS).join(', ')}`);
	if (args.only && !['ours', 'http'].includes(args.only)) throw new Error('--only is ours or http');
	return args;
}

/** Webhook (the run's items in its body) → Split Out → the node → Respond to Webhook (the execution ID). */
function benchWorkflow(name, webhookPath, node) {
	return {
		name,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2.1, position: [0, 0], webhookId: crypto.randomUUID(), parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'responseNode', options: {} } },
			{ name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [220, 0], parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} } },
			{ name: NODE, position: [440, 0], ...node },
			{ name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.5, position: [660, 0], parameters: { respondWith: 'json', responseBody: '={{ { execution: $execution.id } }}', options: {} } },
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
	};
}

/** The two contestants at one provider, their credentials created in n8n and workflows active. */
async function setUpProvider(live, key, base) {
	const p = PROVIDERS[key];
	const own = await live.createCredential({ name: `${p.label} (bench)`, type: p.credential, data: p.credentialData(base) });
	const basic = await live.createCredential({ name: `${p.label} Basic Auth (bench)`, type: 'httpBasicAuth', data: p.basicAuth });
	const contestants = [
		{
			key: 'ours',
			name: 'Phone Number',
			node: { type: live.nodeType, typeVersion: 1, parameters: { authentication: p.credential, resource: 'phoneNumber', operation: 'purchase', phoneNumber: '={{ $json.number }}' }, credentials: { [p.credential]: own } },
			bought: (json, item) => json.purchase?.status === 'purchased' && json.purchase?.number === item.number,
		},
		{
			key: 'http',
			name: 'HTTP Request',
			node: { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: p.httpParameters(base), credentials: { httpBasicAuth: basic } },
			bought: p.httpBought,
		},
	];
	for (const contestant of contestants) {
		contestant.path = `bench-${key}-${contestant.key}`;
		const created = await live.createWorkflow(benchWorkflow(`Bench: ${p.label}, ${contestant.name}`, contestant.path, contestant.node));
		contestant.workflowId = created.id;
		await live.activate(created.id);
	}
	return contestants;
}

/** CPU time (user + system) of a process and its descendants so far, in ms (Linux /proc). */
function treeCpuMs(pid) {
	const tick = 1000 / 100; // USER_HZ
	let total = 0;
	const visit = (id) => {
		try {
			const stat = fs.readFileSync(`/proc/${id}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			total += (Number(fields[11]) + Number(fields[12])) * tick;
			for (const task of fs.readdirSync(`/proc/${id}/task`)) {
				const children = fs.readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim();
				for (const child of children ? children.split(' ') : []) visit(child);
			}
		} catch {
			// gone
		}
	};
	visit(pid);
	return total;
}

/**
 * V8's profiler in the running n8n, over the inspector protocol (n8n started with
 * --inspect=127.0.0.1:0; the address is in its log): start() before a run, stop() after it.
 */
async function connectProfiler(logFile) {
	const match = fs.readFileSync(logFile, 'utf8').match(/Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/);
	if (!match) throw new Error(`n8n's inspector address is not in ${logFile}`);
	const socket = new WebSocket(match[1]);
	await new Promise((resolve, reject) => {
		socket.onopen = resolve;
		socket.onerror = () => reject(new Error(`could not connect to n8n's inspector at ${match[1]}`));
	});
	const pending = new Map();
	let nextId = 1;
	socket.onmessage = ({ data }) => {
		const message = JSON.parse(data);
		const waiter = pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.error) waiter.reject(new Error(`inspector: ${message.error.message}`));
		else waiter.resolve(message.result);
	};
	const call = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject });
			socket.send(JSON.stringify({ id, method, params }));
		});
	await call('Profiler.enable');
	return {
		start: async () => await call('Profiler.start'),
		stop: async () => (await call('Profiler.stop')).profile,
		save: (file, profile) => fs.writeFileSync(file, JSON.stringify(profile)),
	};
}

/** One run: reset the stand-in, post the items, wait for the saved execution, check every purchase. */
async function measure(live, standIn, contestant, providerKey, items) {
	await standIn.reset();
	const cpuBefore = treeCpuMs(live.pid);
	const since = performance.now();
	const answer = await live.webhook(contestant.path, { body: { items } });
	const callMs = performance.now() - since;
	if (answer.status !== 200 || !answer.body?.execution) throw new Error(`${contestant.name} at ${providerKey}: the webhook answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
	let execution;
	for (const deadline = Date.now() + 120_000; ; await sleep(100)) {
		// n8n answers 503 "Database is not ready!" while its SQLite health ping is late (a loaded machine).
		execution = await live.execution(answer.body.execution).catch((error) => (error.status === 503 ? { status: 'running' } : Promise.reject(error)));
		if (!['new', 'running', 'waiting'].includes(execution.status)) break;
		if (Date.now() > deadline) throw new Error(`execution ${answer.body.execution} still ${execution.status} after 120 s`);
	}
	const cpuMs = treeCpuMs(live.pid) - cpuBefore;
	const stats = await standIn.stats();
	const task = execution.data?.resultData.runData[NODE]?.[0];
	if (execution.status !== 'success' || !task) {
		throw new Error(`${contestant.name} at ${providerKey}: execution ${execution.id} ${execution.status}: ${JSON.stringify(execution.data?.resultData.error ?? {}).slice(0, 300)}`);
	}
	const out = task.data.main[0];
	const failed = out.filter((item, index) => !contestant.bought(item.json, items[index]));
	if (out.length !== items.length || failed.length) {
		throw new Error(`${contestant.name} at ${providerKey}: ${out.length} items out for ${items.length} in, ${failed.length} not bought; first: ${JSON.stringify(failed[0]?.json).slice(0, 300)}`);
	}
	return {
		perItem: task.executionTime / items.length,
		callPerItem: callMs / items.length,
		cpuPerItem: cpuMs / items.length,
		requests: stats.byProvider[PROVIDERS[providerKey].serverKey] ?? 0,
		purchased: stats.purchases.ok,
	};
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (value) => `${value.toFixed(3)} ms`;
const x = (value) => `${value.toFixed(3)}x`;

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const providers = args.provider === 'all' ? Object.keys(PROVIDERS) : [args.provider];
	const numbers = benchNumbers(args.items);
	const items = numbers.map((number) => ({ number, digits: number.slice(1) }));
	if (args.profile) fs.mkdirSync(args.profile, { recursive: true });

	const standIn = await startStandIn();
	assertLoopbackOnly(standIn.pid, 'the stand-in');
	let booted;
	try {
		const bootStarted = Date.now();
		// --inspect=127.0.0.1:0: n8n's inspector on a free loopback port (n8n.log says which).
		booted = await bootLiveN8n({ env: args.profile ? { NODE_OPTIONS: '--inspect=127.0.0.1:0' } : {} });
		const live = await new LiveN8n(booted.state).login();
		const profiler = args.profile ? await connectProfiler(path.join(booted.state.workDir, 'n8n.log')) : undefined;
		const contestants = {};
		for (const key of providers) contestants[key] = (await setUpProvider(live, key, standIn.base)).filter((c) => !args.only || c.key === args.only);

		console.log(`Purchase bench in a real n8n: ${args.items} purchases per run; n8n 2.41.1 (\`n8n start\`, pid ${live.pid}) ready in ${((Date.now() - bootStarted) / 1000).toFixed(0)} s`);
		console.log(`  package installed from its npm pack tarball; credentials in n8n's database; executions started by production webhooks`);
		console.log(`  stand-in test/sandbox/server.js ${standIn.where} at ${standIn.base}; ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
		console.log(`  ${args.warmup} warm-up + ${args.rounds} measured rounds, order reversing every round; per item: the node's executionTime / items`);
		console.log('');

		const results = {}; // provider -> key -> runs
		for (let round = 0; round < args.warmup + args.rounds; round++) {
			const measured = round >= args.warmup;
			const line = [];
			for (const key of providers) {
				const list = round % 2 === 1 ? [...contestants[key]].reverse() : contestants[key];
				const runs = {};
				for (const contestant of list) {
					if (profiler && measured) await profiler.start();
					runs[contestant.key] = await measure(live, standIn, contestant, key, items);
					if (profiler && measured) profiler.save(path.join(args.profile, `${key}-${contestant.key}-${round - args.warmup + 1}.cpuprofile`), await profiler.stop());
					if (measured) ((results[key] ??= {})[contestant.key] ??= []).push(runs[contestant.key]);
				}
				const ratio = runs.ours && runs.http ? `, ${x(runs.ours.perItem / runs.http.perItem)}` : '';
				line.push(`${PROVIDERS[key].label} ${Object.entries(runs).map(([k, r]) => `${k} ${ms(r.perItem)}`).join(' / ')}${ratio}`);
			}
			console.log(`${measured ? `round ${round - args.warmup + 1}` : 'warm-up'}: ${line.join(' | ')} (load ${os.loadavg()[0].toFixed(2)})`);
		}

		console.log('');
		console.log('Per item, medians over the measured rounds. node = the node\'s executionTime; call = the whole webhook call');
		console.log('(Split Out, Respond, n8n saving the execution); CPU = n8n\'s process tree over the call.');
		console.log(`${'provider'.padEnd(12)}${'node'.padEnd(15)}${'node'.padStart(11)}${'call'.padStart(11)}${'CPU'.padStart(11)}${'requests/number'.padStart(17)}`);
		const verdicts = [];
		for (const key of providers) {
			for (const [name, runs] of Object.entries(results[key])) {
				const requests = runs.reduce((sum, r) => sum + r.requests, 0) / runs.reduce((sum, r) => sum + r.purchased, 0);
				console.log(
					`${PROVIDERS[key].label.padEnd(12)}${(name === 'ours' ? 'Phone Number' : 'HTTP Request').padEnd(15)}` +
						`${ms(median(runs.map((r) => r.perItem))).padStart(11)}${ms(median(runs.map((r) => r.callPerItem))).padStart(11)}${ms(median(runs.map((r) => r.cpuPerItem))).padStart(11)}${requests.toFixed(3).padStart(17)}`,
				);
			}
		}
		if (!args.only) {
			console.log('');
			for (const key of providers) {
				const { ours, http } = results[key];
				const ratios = ours.map((run, i) => run.perItem / http[i].perItem);
				const cpuRatios = ours.map((run, i) => run.cpuPerItem / http[i].cpuPerItem);
				const verdict = median(ratios);
				verdicts.push(verdict);
				console.log(
					`${PROVIDERS[key].label}: Phone Number / HTTP Request per item, per round ${ratios.map(x).join(' ')}; median ${x(verdict)} ` +
						`(whole call's CPU: median ${x(median(cpuRatios))})`,
				);
			}
			const worst = Math.max(...verdicts);
			console.log(`target: at most ${TARGET.toFixed(2)}x at every provider: ${worst <= TARGET ? 'met' : 'NOT met'} (worst median ${x(worst)})`);
			const load = os.loadavg()[0];
			if (load > os.cpus().length * 0.75) console.log(`note: 1-minute load average ${load.toFixed(2)} on ${os.cpus().length} CPUs: other processes competed; judge the per-round ratios`);
		}
	} finally {
		if (booted) {
			if (args.keep) process.env.LIVE_KEEP = '1';
			await booted.stop();
		}
		await standIn.close();
	}
	if (args.profile) console.log(`CPU profiles of n8n, one per measured run: ${args.profile}/ (node bench/lib/profile-summary.js <file> --items ${args.items})`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(`bench failed: ${error.stack ?? error}`);
		process.exit(1);
	},
);
