'use strict';

/**
 * Provider stand-in: one local HTTP server that plays each provider of providers/ (SignalWire's
 * Relay REST under /api/relay/rest/..., Plivo under /v1/Account/{auth_id}/...) for their
 * phone-number endpoints, with an in-memory, deterministic inventory. Dev/test only: never
 * published (package.json "files" is dist only).
 *
 * It is strict on purpose. A request the provider's published contract rejects is rejected here
 * with that provider's documented error shape, so a passing node test means the node sends what
 * the provider expects. Contracts: /work/shared/seeds (purchase) and notes/providers.md (the rest).
 *
 * This file is the core, the same for every provider: routing and auth, faults, rate limits, the
 * request log, state, seeding, the __sandbox control endpoints and the CLI. What a provider answers
 * is in its module, providers/<provider>.js (the shape: providers/index.js).
 *
 *   node test/sandbox/server.js --port 8787           (CLI; see README.md)
 *   const { createSandbox } = require('./server');     (tests)
 *   const sandbox = createSandbox(); const baseUrl = await sandbox.listen();
 *
 * No dependencies: only node:http and node:url, so it runs on Node 20 and 24.
 */

const http = require('node:http');
const { URL } = require('node:url');
const { Rejection, reply, safeDecode, parseJson, isPlainObject, isString, queryObject } = require('./helpers');
const { US, inventoryFor } = require('./inventory');
const PROVIDERS = require('./providers');

const IDS = PROVIDERS.map((provider) => provider.id);
/** "signalwire or plivo" */
const ID_LIST = IDS.length > 1 ? `${IDS.slice(0, -1).join(', ')} or ${IDS[IDS.length - 1]}` : IDS.join('');
const byId = (id) => PROVIDERS.find((provider) => provider.id === id);

/** Where it listens by default, and each provider's obviously fake credentials (override them with createSandbox({ [id]: {...} })). */
const DEFAULTS = Object.freeze({
	port: 8787,
	host: '127.0.0.1',
	...Object.fromEntries(PROVIDERS.map((provider) => [provider.id, provider.credentials])),
});

// ---------------------------------------------------------------------------------------------
// The route table: every provider's routes, in registry order
// ---------------------------------------------------------------------------------------------

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One row per endpoint; ":name" segments (or ":name.ext", e.g. ":sid.json") become ctx.params.name. First match wins. */
const ROUTES = PROVIDERS.flatMap((provider) => provider.routes.map(([method, template, operation, handle]) => route(provider.id, method, template, operation, handle)));

function route(provider, method, template, operation, handle) {
	const source = template
		.split('/')
		.map((segment) => {
			const param = /^:(\w+)(.*)$/.exec(segment);
			return param ? `(?<${param[1]}>[^/]+?)${escapeRegExp(param[2])}` : escapeRegExp(segment);
		})
		.join('/');
	return { provider, method, template, operation, handle, pattern: new RegExp(`^${source}$`) };
}

/** The endpoint's name ("purchase", ...) for logs, when the request maps to one. */
function operationOf(call, provider) {
	return provider ? findRoute(provider.id, call.method, call.url.pathname)?.route?.operation : undefined;
}

/** The route for a request, or the methods its path does take, or nothing. */
function findRoute(providerId, method, pathname) {
	const candidates = ROUTES.filter((r) => r.provider === providerId && r.pattern.test(pathname));
	const match = candidates.find((r) => r.method === method);
	if (!match) return candidates.length ? { allowed: candidates.map((r) => r.method) } : undefined;
	const params = {};
	for (const [name, value] of Object.entries(pathname.match(match.pattern).groups ?? {})) params[name] = safeDecode(value);
	return { route: match, params };
}

// ---------------------------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------------------------

/**
 * Validates a fault given by a test. `path` is an exact path, a prefix ending in "*", or a
 * regular expression starting with "^"; it is matched against the path without the query.
 */
function normalizeFault(input, id) {
	if (!isPlainObject(input)) throw new Error('a fault must be a JSON object');
	const { method, path, status, body, rawBody, headers, times = 1, afterCommit = false, delayMs = 0 } = input;
	if (typeof path !== 'string' || path === '') throw new Error('path is required: an exact path, a prefix ending in "*", or a regex starting with "^"');
	if (method !== undefined && typeof method !== 'string') throw new Error('method must be a string');
	if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) throw new Error('status must be an HTTP status code');
	if (rawBody !== undefined && typeof rawBody !== 'string') throw new Error('rawBody must be a string');
	if (rawBody !== undefined && body !== undefined) throw new Error('give body or rawBody, not both');
	if (headers !== undefined && !(isPlainObject(headers) && Object.values(headers).every(isString))) throw new Error('headers must map names to strings');
	if (!(Number.isInteger(times) && times >= 1)) throw new Error('times must be a positive integer');
	if (typeof afterCommit !== 'boolean') throw new Error('afterCommit must be a boolean');
	if (!(Number.isInteger(delayMs) && delayMs >= 0)) throw new Error('delayMs must be a non-negative integer');

	let matchesPath;
	if (path.startsWith('^')) {
		let regex;
		try {
			regex = new RegExp(path);
		} catch (error) {
			throw new Error(`path is not a valid regular expression: ${error.message}`);
		}
		matchesPath = (pathname) => regex.test(pathname);
	} else if (path.endsWith('*')) {
		matchesPath = (pathname) => pathname.startsWith(path.slice(0, -1));
	} else {
		matchesPath = (pathname) => pathname === path;
	}
	return {
		id,
		method: method?.toUpperCase(),
		path,
		status,
		body,
		rawBody,
		headers,
		remaining: times,
		afterCommit,
		delayMs,
		// A fault with only delayMs (and maybe afterCommit) slows the real response down.
		replacesResponse: status !== undefined || body !== undefined || rawBody !== undefined,
		matches: (call) => (!method || method.toUpperCase() === call.method) && matchesPath(call.url.pathname),
	};
}

function publicFault(fault) {
	const { matches, replacesResponse, ...rest } = fault;
	return rest;
}

function faultReply(fault, provider) {
	const status = fault.status ?? 500;
	const headers = fault.headers;
	if (fault.rawBody !== undefined) return { status, raw: fault.rawBody, headers, note: 'injected fault' };
	const body = fault.body !== undefined ? fault.body : (provider ?? PROVIDERS[0]).errorBody(status);
	return { status, body, headers, note: 'injected fault' };
}


// ---------------------------------------------------------------------------------------------
// Inbound webhooks (what the providers send when a number gets a message or a call; each
// provider's module builds and signs them)
// ---------------------------------------------------------------------------------------------

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** True for an http:// URL on a loopback host: the only webhooks the stand-in calls. */
const isLoopbackHttp = (url) => {
	const target = new URL(url);
	return target.protocol === 'http:' && LOOPBACK_HOSTS.includes(target.hostname);
};

/** A webhook form-encoded, as most providers send them (a module's `inbound.encode` may say otherwise). */
const formEncoded = (payload) => ({ contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(payload).toString() });

/** POSTs a body to a loopback URL and reads the answer; anything else is refused. */
function postBody(url, body, headers) {
	const target = new URL(url);
	if (!isLoopbackHttp(url)) {
		return Promise.reject(new Error(`the stand-in only calls http:// loopback URLs (got ${url})`));
	}
	return new Promise((resolve, reject) => {
		const req = http.request(target, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(body);
	});
}


// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/** A provider's account: what it sells, what it owns, the applications it has. */
function providerStore(provider, forSale = 0) {
	const entries = [...inventoryFor(provider.sells), ...extraForSale(forSale)];
	return { available: new Map(entries.map((entry) => [provider.key(entry), entry])), owned: new Map(), seq: 0, applications: new Map(), appSeq: 0 };
}

// ---------------------------------------------------------------------------------------------
// Bulk buying (option forSale): N more US local numbers on sale at each provider, +1 NPA 555-01xx
// (lines reserved for fiction) for the NPAs below, in this order: at most 1,200. For tests and
// benchmarks that buy hundreds of distinct numbers (the base inventory sells ~130).
// ---------------------------------------------------------------------------------------------

const FOR_SALE_NPAS = ['201', '202', '203', '205', '206', '207', '208', '209', '210', '213', '214', '215'];
const FOR_SALE_MAX = FOR_SALE_NPAS.length * 100;

/** The first `count` numbers the forSale option puts on sale, in E.164, in their fixed order. */
function forSaleNumbers(count) {
	if (!(Number.isInteger(count) && count >= 0 && count <= FOR_SALE_MAX)) throw new Error(`forSale must be a whole number from 0 to ${FOR_SALE_MAX}`);
	return Array.from({ length: count }, (_, i) => `+1${FOR_SALE_NPAS[Math.floor(i / 100)]}5550${100 + (i % 100)}`);
}

function extraForSale(count) {
	const [template] = inventoryFor((block) => block.iso === US.iso && block.type === 'local');
	return forSaleNumbers(count).map((e164, i) => {
		const national = e164.slice(2);
		return { ...template, order: 1000 + i, digits: e164.slice(1), e164, national, areaCode: national.slice(0, 3), region: null, regionName: null, city: null, rateCenter: null, lata: null };
	});
}

// ---------------------------------------------------------------------------------------------
// Large accounts (option seedOwned): N more owned numbers per provider, +1 NPA 555-01xx (lines
// reserved for fiction) for NPAs 600-799 except the N11 codes: at most 19,800 per provider.
// ---------------------------------------------------------------------------------------------

const SEED_NPAS = Array.from({ length: 200 }, (_, i) => String(600 + i)).filter((npa) => !npa.endsWith('11'));
const SEED_MAX = SEED_NPAS.length * 100;
const SEED_TEMPLATE = { ...US, type: 'local', region: null, regionName: null, city: null, rateCenter: null, lata: null, capabilities: ['voice', 'sms'], monthlyRate: '0.50000', restriction: null };
const SEED_EPOCH = Date.UTC(2024, 0, 1);

/** The i-th seeded number's inventory entry (never on sale: seeded numbers are owned from the start). */
function seedEntry(i) {
	const national = `${SEED_NPAS[Math.floor(i / 100)]}5550${100 + (i % 100)}`;
	return { ...SEED_TEMPLATE, order: -1, digits: `1${national}`, e164: `+1${national}`, national, areaCode: national.slice(0, 3) };
}

/**
 * Adds a store's seeded numbers the first time the store is used (a request, state, snapshot), so
 * start-up and reset stay instant even with 10,000 numbers per provider.
 */
function seeded(state, provider, config) {
	const store = state[provider.id];
	const count = store.unseeded ?? 0;
	store.unseeded = 0;
	for (let i = 0; i < count; i++) {
		// One second apart, oldest first (each provider lists them in its own order).
		provider.seed(store, seedEntry(i), i, new Date(SEED_EPOCH + i * 1000).toISOString(), config);
	}
	return store;
}

/** `seedOwned`: a count for every provider, or {[id]: count}. */
function seedCounts(option = 0) {
	const counts = typeof option === 'number' ? Object.fromEntries(IDS.map((id) => [id, option])) : { ...Object.fromEntries(IDS.map((id) => [id, 0])), ...option };
	for (const [provider, count] of Object.entries(counts)) {
		if (!IDS.includes(provider)) throw new Error(`seedOwned: unknown provider ${provider}`);
		if (!(Number.isInteger(count) && count >= 0 && count <= SEED_MAX)) throw new Error(`seedOwned.${provider} must be a whole number from 0 to ${SEED_MAX}`);
	}
	return counts;
}

// ---------------------------------------------------------------------------------------------
// Rate limits (option rateLimit): a token bucket per account, i.e. per provider here. Each provider
// request takes a token; with none left the answer is 429 with Retry-After (whole seconds until the
// next token, at least 1) and the provider's error body. Control endpoints are never limited.
// ---------------------------------------------------------------------------------------------

/** `rateLimit`: {rate, burst} for every provider, or {[id]: {rate, burst}}; burst defaults to rate. */
function rateLimits(option) {
	if (!option) return {};
	const perProvider = 'rate' in option ? Object.fromEntries(IDS.map((id) => [id, option])) : option;
	const limits = {};
	for (const [provider, { rate, burst = rate } = {}] of Object.entries(perProvider)) {
		if (!IDS.includes(provider)) throw new Error(`rateLimit: unknown provider ${provider}`);
		if (!(rate > 0 && burst >= 1)) throw new Error(`rateLimit.${provider} needs rate > 0 (requests per second) and burst >= 1`);
		limits[provider] = { rate, burst };
	}
	return limits;
}

function createBuckets(limits, clock = () => performance.now()) {
	let buckets = {};
	const reset = () => {
		buckets = Object.fromEntries(Object.entries(limits).map(([provider, limit]) => [provider, { ...limit, tokens: limit.burst, at: clock() }]));
	};
	reset();
	return {
		reset,
		/** Takes a token; returns undefined, or the seconds to ask the client to wait. */
		take(provider) {
			const bucket = buckets[provider];
			if (!bucket) return undefined;
			const now = clock();
			bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
			bucket.at = now;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return undefined;
			}
			return Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.rate));
		},
	};
}

/**
 * Successful purchases per number (digits, country code first) in a request log: a number bought
 * twice shows up with 2. Refused purchases (e.g. of a number already owned) are not counted.
 */
function purchasesByNumber(requests) {
	const bought = new Map();
	for (const request of requests) {
		if (request.operation !== 'purchase' || request.status >= 300) continue;
		const number = byId(request.provider).purchasedNumber(request);
		bought.set(number, (bought.get(number) ?? 0) + 1);
	}
	return bought;
}

function initialState(config) {
	const state = {};
	for (const provider of PROVIDERS) {
		const store = providerStore(provider, config.forSale);
		provider.initial(store, config);
		store.unseeded = config.seedOwned[provider.id];
		state[provider.id] = store;
	}
	return state;
}

function storeSnapshot(store, provider) {
	return {
		owned: provider.ownedSorted(store).map((record) => structuredClone(record.resource)),
		availableCount: store.available.size,
		applications: [...store.applications.values()].map((app) => structuredClone(app)),
		...(provider.assignments ? { assignments: provider.assignments(store) } : {}),
	};
}

function readBody(req, limit = 1024 * 1024) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** A request body for the log: parsed JSON, form fields as an object (as queries are), or the raw text; null when empty. */
function loggedBody(rawBody, contentType) {
	if (rawBody === '') return null;
	if (String(contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded') return queryObject(new URLSearchParams(rawBody));
	return parseJson(rawBody) ?? rawBody;
}

function send(res, { status, body, raw, headers }) {
	let payload = '';
	const head = {};
	if (raw !== undefined) {
		payload = raw;
		head['Content-Type'] = 'application/json';
	} else if (body !== undefined && status !== 204) {
		payload = JSON.stringify(body);
		head['Content-Type'] = 'application/json; charset=utf-8';
	}
	if (status !== 204) head['Content-Length'] = Buffer.byteLength(payload);
	res.writeHead(status, { ...head, ...headers });
	res.end(payload);
}

/**
 * Creates a stand-in. Options (all optional):
 *   [provider id]: { ... }     accepted credentials, over the module's defaults (e.g. signalwire:
 *                              { projectId, apiToken }, plivo: { authId, authToken })
 *   log: (line) => void        one line per request (the CLI passes console.log)
 *   now: () => Date            clock for created_at / added_on
 *   rateLimit: {rate, burst} | {[id]: {rate, burst}}   token bucket per account: requests per
 *                              second and how many may come at once (= rate)
 *   seedOwned: N | {[id]: N}   extra owned numbers at start and after reset
 *   forSale: N                 N more US local numbers on sale at each provider (forSaleNumbers(N))
 *   latencyMs: N               every provider answer waits N ms (control endpoints do not)
 * and each provider module's own (its `configure`): signalWireSearchStyle: 'current' | 'legacy'
 * (shape of SignalWire search items), signalWireExtraFields: {...} (fields beyond SignalWire's spec
 * in every number it answers with), plivoPendingStatus: 'pending' | 'fulfilled' (top-level status
 * of a Plivo purchase awaiting verification; notes say "pending", the seed's example "fulfilled").
 */
function createSandbox(options = {}) {
	const config = {
		...Object.fromEntries(PROVIDERS.map((provider) => [provider.id, { ...provider.credentials, ...options[provider.id] }])),
		...Object.assign({}, ...PROVIDERS.map((provider) => provider.configure(options))),
		log: options.log,
		now: options.now ?? (() => new Date()),
		seedOwned: seedCounts(options.seedOwned),
		forSale: options.forSale ?? 0,
		latencyMs: options.latencyMs ?? 0,
	};
	forSaleNumbers(config.forSale); // validates the count
	if (!(Number.isInteger(config.latencyMs) && config.latencyMs >= 0)) throw new Error('latencyMs must be a whole number of milliseconds');
	const buckets = createBuckets(rateLimits(options.rateLimit));
	let state = initialState(config);
	const requests = [];
	const faults = [];
	const timers = new Set();
	let nextFaultId = 1;
	let nextRequestId = 1;

	function reset() {
		state = initialState(config);
		buckets.reset();
		requests.length = 0;
		faults.length = 0;
	}

	/** The live state, seeded numbers included. */
	function current() {
		for (const provider of PROVIDERS) seeded(state, provider, config);
		return state;
	}

	function snapshot() {
		current();
		return {
			...Object.fromEntries(PROVIDERS.map((provider) => [provider.id, storeSnapshot(state[provider.id], provider)])),
			faults: faults.map(publicFault),
		};
	}

	function addFault(input) {
		const fault = normalizeFault(input, nextFaultId++);
		faults.push(fault);
		return publicFault(fault);
	}

	/** The first matching fault, used up by one. */
	function takeFault(call) {
		const index = faults.findIndex((fault) => fault.matches(call));
		if (index === -1) return undefined;
		const fault = faults[index];
		if (--fault.remaining === 0) faults.splice(index, 1);
		return fault;
	}

	/** Resolves after `ms`; close() cancels pending delays so tests never wait on them. */
	function sleep(ms) {
		if (!ms) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});
	}

	/** Auth, routing and the endpoint's handler: what the provider itself would answer. */
	function serve(call, provider) {
		if (!provider) return { reply: reply(404, { error: 'Not Found' }, `not a ${PROVIDERS.map((p) => p.name).join(' or ')} path`) };
		const denied = provider.authenticate(call, config);
		if (denied) return { reply: denied, operation: 'unauthorized' };
		const found = findRoute(provider.id, call.method, call.url.pathname);
		if (!found) {
			const own = provider.unrouted?.(call, (pathname) => findRoute(provider.id, call.method, pathname));
			return { reply: own ?? provider.notFound('no such endpoint') };
		}
		if (found.allowed) return { reply: provider.methodNotAllowed(found.allowed) };
		const ctx = { ...call, config, now: config.now, store: seeded(state, provider, config), params: found.params, query: call.url.searchParams };
		try {
			return { reply: found.route.handle(ctx), operation: found.route.operation };
		} catch (error) {
			if (error instanceof Rejection) return { reply: error.reply, operation: found.route.operation };
			throw error;
		}
	}

	const CONTROL = {
		'GET /__sandbox/health': () => reply(200, { ok: true }),
		'POST /__sandbox/reset': () => {
			reset();
			return reply(200, { ok: true });
		},
		'GET /__sandbox/requests': () => reply(200, requests),
		'DELETE /__sandbox/requests': () => {
			requests.length = 0;
			return reply(204);
		},
		'GET /__sandbox/state': () => reply(200, snapshot()),
		'GET /__sandbox/faults': () => reply(200, faults.map(publicFault)),
		'POST /__sandbox/faults': (call) => {
			try {
				return reply(201, addFault(parseJson(call.rawBody)));
			} catch (error) {
				return reply(400, { error: error.message });
			}
		},
		'DELETE /__sandbox/faults': () => {
			faults.length = 0;
			return reply(204);
		},
		'POST /__sandbox/inbound': async (call) => {
			try {
				return reply(200, await simulateInbound(parseJson(call.rawBody) ?? {}));
			} catch (error) {
				return reply(400, { error: error.message });
			}
		},
	};

	/**
	 * Sends an inbound message or call to the URL the number points at, encoded and signed as
	 * the provider does it (signature 'valid'), without any signature ('none'), or signed and then
	 * changed on the way ('tampered'). Only loopback URLs are called.
	 *
	 * Sending an event again: `payload` (a previous answer's) sends that event once more, signed
	 * afresh, as the provider's own retry does (a new nonce where the provider signs one, a new
	 * time and attempt count at Telnyx);
	 * `payload` with `requestHeaders` (both from a previous answer) sends the very same request
	 * again, as a copy of it would be. `deliverTo` (an http:// loopback origin) sends the request
	 * there while the URL signed stays the number's, as a load balancer in front of several n8n
	 * processes does.
	 */
	async function simulateInbound(options) {
		const { event, signature = 'valid' } = options;
		const provider = byId(options.provider);
		if (!provider) throw new Error(`provider must be ${ID_LIST}`);
		if (!['message', 'call'].includes(event)) throw new Error('event must be message or call');
		if (!['valid', 'none', 'tampered'].includes(signature)) throw new Error('signature must be valid, none or tampered');
		if (options.requestHeaders !== undefined && options.payload === undefined) throw new Error('requestHeaders need the payload they were sent with');
		if (options.deliverTo !== undefined && !isLoopbackHttp(options.deliverTo)) throw new Error(`deliverTo must be an http:// loopback origin (got ${options.deliverTo})`);
		const digits = String(options.number ?? '').replace(/\D/g, '');
		const from = String(options.from ?? '+14155550100').replace(/\D/g, '');
		const text = options.text ?? 'Hello from the stand-in';
		const media = options.media ?? [];
		const target = provider.inbound.target(state[provider.id], digits, event);
		// A retry is the provider's new delivery of the event: where the provider counts its attempts in the body, the count goes up.
		// A copy (structuredClone), so that tampering never changes the caller's payload (Telnyx's is nested).
		const resent = (body) => (options.requestHeaders || !provider.inbound.retry ? structuredClone(body) : provider.inbound.retry(structuredClone(body), event));
		const payload = options.payload ? resent(options.payload) : provider.inbound.payload({ config, digits, from, event, text, media, now: config.now() });
		const encode = (body) => (provider.inbound.encode ?? formEncoded)(body, event);
		let headers = { 'content-type': encode(payload).contentType, 'user-agent': `${provider.id}-stand-in` };
		if (options.requestHeaders) headers = { ...options.requestHeaders };
		else if (signature !== 'none') Object.assign(headers, provider.inbound.sign(config, target.url, payload, encode(payload).body));
		if (signature === 'tampered') provider.inbound.tamper(payload, event);
		const signedUrl = new URL(target.url);
		const via = options.deliverTo ? `${new URL(options.deliverTo).origin}${signedUrl.pathname}${signedUrl.search}` : target.url;
		const response = await postBody(via, encode(payload).body, headers);
		return { url: target.url, signature, payload, requestHeaders: headers, ...response };
	}

	async function handle(req, res) {
		const started = Date.now();
		const url = new URL(req.url, 'http://sandbox.invalid');
		const rawBody = await readBody(req);
		const call = { method: req.method, url, headers: req.headers, rawBody: rawBody ?? '', origin: `http://${req.headers.host ?? 'localhost'}` };
		const finish = (result, label) => {
			send(res, result);
			config.log?.(`[sandbox] ${req.method} ${req.url} ${result.status} (${label}) ${Date.now() - started}ms`);
		};

		if (rawBody === null) return finish(reply(413, { error: 'Payload Too Large' }), 'body over 1 MB');
		if (url.pathname.startsWith('/__sandbox/')) {
			const control = CONTROL[`${req.method} ${url.pathname}`];
			return finish(control ? await control(call) : reply(404, { error: 'Not Found' }), `control ${url.pathname.slice(11)}`);
		}

		const provider = PROVIDERS.find((p) => [].concat(p.prefix).some((prefix) => url.pathname.startsWith(prefix)));
		await sleep(provider ? config.latencyMs : 0);
		const wait = provider && buckets.take(provider.id);
		const fault = wait ? undefined : takeFault(call);
		let outcome;
		if (wait) {
			const limited = { ...reply(429, provider.errorBody(429), `rate limited: retry after ${wait} s`), headers: { 'Retry-After': String(wait) } };
			outcome = { reply: limited, operation: operationOf(call, provider) };
		} else if (fault?.afterCommit) {
			// The provider does the work (e.g. the number IS bought), then the answer goes astray.
			outcome = serve(call, provider);
			await sleep(fault.delayMs);
			if (fault.replacesResponse) outcome = { ...outcome, reply: { ...faultReply(fault, provider), note: `injected after commit (${outcome.reply.status} ${outcome.reply.note ?? ''})` } };
		} else if (fault) {
			await sleep(fault.delayMs);
			outcome = fault.replacesResponse ? { reply: faultReply(fault, provider), operation: operationOf(call, provider) } : serve(call, provider);
		} else {
			outcome = serve(call, provider);
		}

		const { reply: result, operation } = outcome;
		requests.push({
			id: nextRequestId++,
			time: new Date(started).toISOString(),
			provider: provider?.id ?? null,
			operation: operation ?? null,
			method: req.method,
			path: url.pathname,
			query: queryObject(url.searchParams),
			headers: { ...req.headers },
			body: loggedBody(rawBody, req.headers['content-type']),
			status: result.status,
			response: result.raw ?? result.body ?? null,
			fault: fault ? fault.id : null,
			durationMs: Date.now() - started,
		});
		const label = [provider?.id ?? 'unknown', operation, result.note].filter(Boolean).join(' ');
		finish(result, fault ? `${label}; fault #${fault.id}` : label);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			config.log?.(`[sandbox] ${req.method} ${req.url} 500 (stand-in error: ${error.stack ?? error})`);
			if (!res.headersSent) send(res, reply(500, { error: 'Internal Server Error' }));
			else res.destroy();
		});
	});

	return {
		/** Starts listening; resolves to the base URL (use it as both credentials' API Base URL). */
		listen(port = 0, host = DEFAULTS.host) {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					const shownHost = host.includes(':') ? `[${host}]` : host;
					resolve(`http://${shownHost}:${server.address().port}`);
				});
			});
		},
		/** Stops listening, drops open connections and pending delayed responses. */
		close() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			if (!server.listening) return Promise.resolve();
			return new Promise((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			});
		},
		/** Initial inventory and owned numbers again; clears faults and the request log. */
		reset,
		/** Owned numbers per provider, available counts and active faults, as plain JSON. */
		snapshot,
		/** Adds a fault (same fields as POST /__sandbox/faults); throws on an invalid one. */
		addFault,
		/** Sends a signed ('valid'), unsigned ('none') or 'tampered' inbound message or call (POST /__sandbox/inbound). */
		simulateInbound,
		/** Live state: one store per provider id ({ available: Map, owned: Map, seq, ... }). */
		get state() {
			return current();
		},
		/** Logged provider requests (not control calls), oldest first; cleared in place. */
		get requests() {
			return requests;
		},
		server,
	};
}

// ---------------------------------------------------------------------------------------------
// CLI: node test/sandbox/server.js [--port N] [--host H] [--quiet]
// ---------------------------------------------------------------------------------------------

const USAGE = `Usage: node test/sandbox/server.js [--port N] [--host H] [--quiet] [--rate-limit L] [--seed-owned N] [--for-sale N] [--latency MS]
  --port N         port to listen on (default ${DEFAULTS.port}, or env SANDBOX_PORT; 0 picks a free one)
  --host H         interface to bind (default ${DEFAULTS.host})
  --quiet          do not log each request
  --rate-limit L   token bucket per account: RATE[:BURST] for every provider, or e.g.
                   ${IDS.map((id, i) => `${id}=60${i ? ':300' : ''}`).join(',')} (requests per second, how many at once)
  --seed-owned N   N more owned numbers at each provider (at most ${SEED_MAX})
  --for-sale N     N more US local numbers on sale at each provider (at most ${FOR_SALE_MAX})
  --latency MS     every provider answer waits MS milliseconds`;

/** "60", "60:300" or "<id>=60,<id>=60:300" -> the rateLimit option. */
function parseRateLimit(text) {
	const limit = (value) => {
		const match = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(value);
		if (!match) throw new Error(`--rate-limit wants RATE[:BURST], e.g. 60 or 60:300 (got ${value})`);
		return { rate: Number(match[1]), burst: match[2] === undefined ? Number(match[1]) : Number(match[2]) };
	};
	if (!text.includes('=')) return limit(text);
	return Object.fromEntries(text.split(',').map((part) => {
		const [provider, value = ''] = part.split('=');
		return [provider, limit(value)];
	}));
}

function parseCliArgs(argv, env) {
	const args = { port: env.SANDBOX_PORT || String(DEFAULTS.port), host: DEFAULTS.host, quiet: false, help: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
		const value = () => inline ?? argv[++i];
		if (flag === '--port') args.port = value();
		else if (flag === '--host') args.host = value();
		else if (flag === '--quiet') args.quiet = true;
		else if (flag === '--rate-limit') args.rateLimit = parseRateLimit(value() ?? '');
		else if (flag === '--seed-owned') args.seedOwned = Number(value());
		else if (flag === '--latency') args.latencyMs = Number(value());
		else if (flag === '--for-sale') args.forSale = Number(value());
		else if (flag === '--help' || flag === '-h') args.help = true;
		else throw new Error(`unknown argument: ${argv[i]}`);
	}
	const port = Number(args.port);
	if (!/^\d+$/.test(String(args.port)) || port > 65535) throw new Error(`--port must be an integer from 0 to 65535 (got ${args.port})`);
	if (!args.host) throw new Error('--host needs a value');
	return { ...args, port };
}

async function main() {
	let args;
	try {
		args = parseCliArgs(process.argv.slice(2), process.env);
	} catch (error) {
		console.error(`[sandbox] ${error.message}\n${USAGE}`);
		process.exit(2);
	}
	if (args.help) {
		console.log(USAGE);
		return;
	}
	let sandbox;
	try {
		const { rateLimit, seedOwned, forSale, latencyMs } = args;
		sandbox = createSandbox({ log: args.quiet ? undefined : (line) => console.log(line), rateLimit, seedOwned, forSale, latencyMs });
	} catch (error) {
		console.error(`[sandbox] ${error.message}\n${USAGE}`);
		process.exit(2);
	}
	const baseUrl = await sandbox.listen(args.port, args.host);
	console.log(`[sandbox] listening on ${baseUrl}`);
	for (const provider of PROVIDERS) console.log(`[sandbox] ${provider.name}: ${provider.describe(DEFAULTS, baseUrl)}`);
	console.log(`[sandbox] control: ${baseUrl}/__sandbox/state | /requests | /faults | POST /reset`);

	let stopping = false;
	const stop = (signal) => {
		if (stopping) process.exit(1); // a second Ctrl-C: stop waiting
		stopping = true;
		console.log(`[sandbox] ${signal}: closing`);
		sandbox.close().then(() => process.exit(0), () => process.exit(1));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`[sandbox] ${error.message}`);
		process.exit(1);
	});
}

module.exports = { createSandbox, forSaleNumbers, purchasesByNumber, DEFAULTS, PROVIDERS };
