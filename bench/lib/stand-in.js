'use strict';

/**
 * The provider stand-in (test/sandbox/server.js) for the benchmark, with enough numbers on sale:
 * its base inventory sells ~130 US numbers and a bench round buys 1,000 distinct ones per node, so
 * it runs with `forSale: 1200` (+1 NPA 555-01xx numbers, the order `benchNumbers` gives).
 *
 * By default the stand-in runs in a CHILD process (`fork`), so its request handling does not eat
 * into the CPU time of the process being measured: a real provider is on another machine. With
 * `inline: true` it runs in the bench process (both nodes then pay the same server cost per item,
 * which pulls their ratio towards 1).
 */

const path = require('node:path');

const SANDBOX = path.resolve(__dirname, '../../test/sandbox/server.js');
const FOR_SALE = 1200;

function loadSandbox() {
	try {
		return require(SANDBOX);
	} catch (error) {
		throw new Error(`the provider stand-in ${path.relative(process.cwd(), SANDBOX)} could not be loaded: ${error.message}`);
	}
}

/** The bench numbers, in E.164, in a fixed order: `count` of them (at most 1,200). */
function benchNumbers(count) {
	if (count > FOR_SALE) throw new Error(`the bench inventory has ${FOR_SALE} numbers; ${count} were asked for`);
	return loadSandbox().forSaleNumbers(count);
}

/** Provider requests logged since the last reset, by provider, operation and status. */
function requestStats(sandbox) {
	const stats = { total: 0, byProvider: {}, byOperation: {}, byStatus: {} };
	for (const request of sandbox.requests) {
		stats.total++;
		const provider = request.provider ?? 'unknown';
		stats.byProvider[provider] = (stats.byProvider[provider] ?? 0) + 1;
		const operation = `${provider} ${request.method} ${request.operation ?? '?'}`;
		stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
		stats.byStatus[request.status] = (stats.byStatus[request.status] ?? 0) + 1;
	}
	for (const provider of Object.keys(sandbox.state)) {
		stats[`${provider}Owned`] = sandbox.state[provider].owned.size;
	}
	// Successful purchases per number: a number bought twice would show up here.
	const bought = loadSandbox().purchasesByNumber(sandbox.requests);
	// From the first request's arrival to the last answer: the time spent talking to the provider.
	const starts = sandbox.requests.map((request) => Date.parse(request.time));
	stats.spanMs = starts.length ? Math.max(...sandbox.requests.map((request, i) => starts[i] + request.durationMs)) - Math.min(...starts) : 0;
	stats.purchases = { ok: [...bought.values()].reduce((a, b) => a + b, 0), distinct: bought.size, twice: [...bought.values()].filter((n) => n > 1).length };
	return stats;
}

function commands(sandbox) {
	return {
		reset() {
			sandbox.reset();
			return {
				signalwire: { owned: sandbox.state.signalwire.owned.size, available: sandbox.state.signalwire.available.size },
				plivo: { owned: sandbox.state.plivo.owned.size, available: sandbox.state.plivo.available.size },
			};
		},
		stats: () => requestStats(sandbox),
	};
}

/**
 * Starts the stand-in (child process unless inline) and returns {base, pid, reset(), stats(), close()}.
 * `options` go to createSandbox (e.g. rateLimit, seedOwned, latencyMs: see test/sandbox/README.md).
 */
async function startStandIn({ inline = false, options: given = {} } = {}) {
	const options = { forSale: FOR_SALE, ...given };
	if (inline) {
		const sandbox = loadSandbox().createSandbox(options); // no `log`: no per-request line
		const base = await sandbox.listen(0);
		const cmd = commands(sandbox);
		return { base, pid: process.pid, where: 'in the bench process', reset: async () => cmd.reset(), stats: async () => cmd.stats(), close: () => sandbox.close() };
	}
	const { fork } = require('node:child_process');
	const child = fork(__filename, ['--child', JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
	const pending = new Map();
	let nextId = 1;
	let ready;
	const readyPromise = new Promise((resolve, reject) => {
		ready = { resolve, reject };
		child.once('exit', (code) => reject(new Error(`the stand-in child exited (code ${code}) before it listened`)));
	});
	child.on('message', (message) => {
		if (message.type === 'listening') return ready.resolve(message.base);
		if (message.type === 'failed') return ready.reject(new Error(message.error));
		const waiter = pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.error) waiter.reject(new Error(message.error));
		else waiter.resolve(message.result);
	});
	const call = (cmd) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject });
			child.send({ id, cmd });
		});
	const base = await readyPromise;
	child.removeAllListeners('exit');
	return {
		base,
		pid: child.pid,
		where: `in a child process (pid ${child.pid})`,
		reset: () => call('reset'),
		stats: () => call('stats'),
		close: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.send({ id: 0, cmd: 'close' });
			}),
	};
}

// Child side: serve until told to close.
if (require.main === module && process.argv.includes('--child')) {
	(async () => {
		let sandbox;
		try {
			sandbox = loadSandbox().createSandbox(JSON.parse(process.argv[process.argv.indexOf('--child') + 1] ?? '{}'));
			const base = await sandbox.listen(0);
			const cmd = commands(sandbox);
			process.on('message', async (message) => {
				if (message.cmd === 'close') {
					await sandbox.close();
					process.exit(0);
				}
				try {
					process.send({ id: message.id, result: await cmd[message.cmd]() });
				} catch (error) {
					process.send({ id: message.id, error: String(error?.stack ?? error) });
				}
			});
			process.on('disconnect', () => process.exit(0));
			process.send({ type: 'listening', base });
		} catch (error) {
			process.send({ type: 'failed', error: String(error?.message ?? error) });
			process.exit(1);
		}
	})();
}

module.exports = { startStandIn, benchNumbers };
