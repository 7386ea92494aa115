'use strict';

/**
 * The provider stand-in (test/sandbox/server.js) for the benchmark, with enough numbers on sale.
 *
 * The stand-in sells ~130 US numbers; a bench round buys 1,000 distinct ones per node. Rather than
 * edit the stand-in, we add a bench-only block to the live inventory after every reset, through the
 * `state` getter it exposes ({signalwire, plivo}, each {available: Map, owned: Map}):
 * +1 <area code> 555-0100..0199 for BENCH_AREA_CODES (fiction-reserved 555-01xx lines), keyed the
 * way the stand-in keys them (SignalWire by E.164, Plivo by digits). Entries are copies of one of
 * its own US local entries, so every handler sees the shape it expects.
 *
 * By default the stand-in runs in a CHILD process (`fork`), so its request handling does not eat
 * into the CPU time of the process being measured: a real provider is on another machine. With
 * `inline: true` it runs in the bench process (both nodes then pay the same server cost per item,
 * which pulls their ratio towards 1).
 */

const path = require('node:path');

const SANDBOX = path.resolve(__dirname, '../../test/sandbox/server.js');
const BENCH_AREA_CODES = ['201', '202', '203', '205', '206', '207', '208', '209', '210', '213', '214', '215'];
const LINES_PER_AREA_CODE = 100; // 555-0100 .. 555-0199

/** The bench numbers, in E.164, in a fixed order: `count` of them (at most 1,200). */
function benchNumbers(count) {
	const max = BENCH_AREA_CODES.length * LINES_PER_AREA_CODE;
	if (count > max) throw new Error(`the bench inventory has ${max} numbers; ${count} were asked for`);
	const numbers = [];
	for (const areaCode of BENCH_AREA_CODES) {
		for (let line = 100; line < 100 + LINES_PER_AREA_CODE; line++) numbers.push(`+1${areaCode}5550${line}`);
	}
	return numbers.slice(0, count);
}

function loadSandbox() {
	try {
		return require(SANDBOX);
	} catch (error) {
		throw new Error(`the provider stand-in ${path.relative(process.cwd(), SANDBOX)} could not be loaded: ${error.message}`);
	}
}

/** Adds the bench block to a freshly reset stand-in. */
function stockBenchNumbers(sandbox) {
	const numbers = benchNumbers(BENCH_AREA_CODES.length * LINES_PER_AREA_CODE);
	for (const [provider, keyOf] of [
		['signalwire', (entry) => entry.e164],
		['plivo', (entry) => entry.digits],
	]) {
		const store = sandbox.state?.[provider];
		if (!(store?.available instanceof Map)) {
			throw new Error(`the stand-in no longer exposes state.${provider}.available as a Map; the bench cannot add its numbers`);
		}
		const template = [...store.available.values()].find((entry) => entry.cc === '1' && entry.type === 'local');
		if (!template) throw new Error(`the stand-in sells no US local number at ${provider} to copy`);
		let order = Math.max(...[...store.available.values()].map((entry) => entry.order ?? 0)) + 1;
		for (const e164 of numbers) {
			const national = e164.slice(2);
			const entry = {
				...template,
				order: order++,
				digits: e164.slice(1),
				e164,
				national,
				areaCode: national.slice(0, 3),
				region: null,
				regionName: null,
				city: null,
				rateCenter: null,
				lata: null,
			};
			store.available.set(keyOf(entry), entry);
		}
	}
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
	for (const provider of ['signalwire', 'plivo']) {
		stats[`${provider}Owned`] = sandbox.state[provider].owned.size;
	}
	return stats;
}

function commands(sandbox) {
	return {
		reset() {
			sandbox.reset();
			stockBenchNumbers(sandbox);
			return {
				signalwire: { owned: sandbox.state.signalwire.owned.size, available: sandbox.state.signalwire.available.size },
				plivo: { owned: sandbox.state.plivo.owned.size, available: sandbox.state.plivo.available.size },
			};
		},
		stats: () => requestStats(sandbox),
	};
}

/** Starts the stand-in (child process unless inline) and returns {base, pid, reset(), stats(), close()}. */
async function startStandIn({ inline = false } = {}) {
	if (inline) {
		const sandbox = loadSandbox().createSandbox({}); // no `log`: no per-request line
		const base = await sandbox.listen(0);
		const cmd = commands(sandbox);
		return { base, pid: process.pid, where: 'in the bench process', reset: async () => cmd.reset(), stats: async () => cmd.stats(), close: () => sandbox.close() };
	}
	const { fork } = require('node:child_process');
	const child = fork(__filename, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
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
			sandbox = loadSandbox().createSandbox({});
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
