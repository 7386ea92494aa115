'use strict';

/**
 * Provider stand-in: one local HTTP server that plays SignalWire (Relay REST, /api/relay/rest/...)
 * and Plivo (/v1/Account/{auth_id}/...) for their phone-number endpoints, with an in-memory,
 * deterministic inventory. Dev/test only: never published (package.json "files" is dist only).
 *
 * It is strict on purpose. A request the provider's published contract rejects is rejected here
 * with that provider's documented error shape, so a passing node test means the node sends what
 * the provider expects. Contracts: /work/shared/seeds (purchase) and notes/providers.md (the rest).
 *
 *   node test/sandbox/server.js --port 8787           (CLI; see README.md)
 *   const { createSandbox } = require('./server');     (tests)
 *   const sandbox = createSandbox(); const baseUrl = await sandbox.listen();
 *
 * No dependencies: only node:http, node:crypto and node:url, so it runs on Node 20 and 24.
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { URL } = require('node:url');
const signing = require('./webhook-signing');

/** Obviously fake credentials; override them with createSandbox({ signalwire, plivo }). */
const DEFAULTS = Object.freeze({
	port: 8787,
	host: '127.0.0.1',
	signalwire: Object.freeze({ projectId: 'sw-test-project', apiToken: 'sw-test-token', signingKey: 'sw-test-signing-key' }),
	plivo: Object.freeze({ authId: 'MATESTACCOUNT0000001', authToken: 'plivo-test-token' }),
});

// ---------------------------------------------------------------------------------------------
// Inventory. Each block expands to `count` consecutive numbers: country code + prefix + suffix.
// Numbers come from ranges reserved for fiction (US 555-01xx, UK 020 7946 0xxx and 07700 900xxx,
// FR 01 99 00 xx xx) or are plainly made up, so nothing here can reach a real subscriber.
// To add numbers, add a block; `providers` says which provider sells them.
// ---------------------------------------------------------------------------------------------

const ALL_CAPABILITIES = ['voice', 'sms', 'mms', 'fax'];
const US = { cc: '1', iso: 'US', country: 'UNITED STATES', width: 4, first: 100 };

const BLOCKS = [
	{ ...US, providers: ['signalwire', 'plivo'], areaCode: '415', prefix: '415555', count: 30, type: 'local', region: 'CA', regionName: 'California', city: 'San Francisco', rateCenter: 'SNFC CNTRL', lata: '722', capabilities: ALL_CAPABILITIES, monthlyRate: '0.50000' },
	{ ...US, providers: ['signalwire', 'plivo'], areaCode: '212', prefix: '212555', count: 30, type: 'local', region: 'NY', regionName: 'New York', city: 'New York', rateCenter: 'NWYRCYZN01', lata: '132', capabilities: ALL_CAPABILITIES, monthlyRate: '0.50000' },
	{ ...US, providers: ['signalwire', 'plivo'], areaCode: '312', prefix: '312555', count: 30, type: 'local', region: 'IL', regionName: 'Illinois', city: 'Chicago', rateCenter: 'CHICAGO', lata: '358', capabilities: ALL_CAPABILITIES, monthlyRate: '0.50000' },
	{ ...US, providers: ['signalwire', 'plivo'], areaCode: '800', prefix: '800555', count: 20, type: 'tollfree', capabilities: ['voice', 'sms'], monthlyRate: '1.00000' },
	{ ...US, providers: ['signalwire', 'plivo'], areaCode: '888', prefix: '888555', count: 20, type: 'tollfree', capabilities: ['voice', 'sms'], monthlyRate: '1.00000' },
	{ providers: ['plivo'], cc: '44', iso: 'GB', country: 'UNITED KINGDOM', areaCode: '20', prefix: '207946', first: 100, width: 4, count: 10, type: 'local', region: 'LND', regionName: 'London', city: 'London', capabilities: ['voice'], monthlyRate: '1.00000' },
	{ providers: ['plivo'], cc: '44', iso: 'GB', country: 'UNITED KINGDOM', areaCode: '7700', prefix: '7700900', first: 100, width: 3, count: 5, type: 'mobile', capabilities: ['voice', 'sms'], monthlyRate: '1.50000' },
	// Germany and France need address/identity verification at Plivo: purchases come back "pending".
	{ providers: ['plivo'], cc: '49', iso: 'DE', country: 'GERMANY', areaCode: '30', prefix: '305555', first: 100, width: 4, count: 10, type: 'local', region: 'BE', regionName: 'Berlin', city: 'Berlin', capabilities: ['voice'], monthlyRate: '1.20000', restriction: 'city-address' },
	{ providers: ['plivo'], cc: '33', iso: 'FR', country: 'FRANCE', areaCode: '1', prefix: '1990001', first: 0, width: 2, count: 5, type: 'local', region: 'IDF', regionName: 'Ile-de-France', city: 'Paris', capabilities: ['voice'], monthlyRate: '1.20000', restriction: 'city-address' },
];

/** Numbers each provider's account already holds at start (and after reset). */
const INITIAL_OWNED = {
	signalwire: [
		{ number: '+14155550129', name: 'Sandbox main line', createdAt: '2024-03-01T17:00:00.000Z' },
		{ number: '+18885550119', name: 'Sandbox support line', createdAt: '2024-06-12T09:30:00.000Z' },
	],
	plivo: [
		{ number: '14155550129', alias: 'Sandbox main line', addedOn: '2024-03-01' },
		{ number: '442079460109', alias: 'London office', addedOn: '2024-06-12' },
	],
};

/** Plivo country codes whose numbers need verification documents before activation. */
const VERIFICATION_COUNTRY_CODES = ['49', '33'];

/**
 * The sandbox Plivo account's compliance applications (id -> country, status). A purchase in a
 * regulated country with an accepted one is active at once; otherwise it is pending.
 */
const PLIVO_COMPLIANCE_APPLICATIONS = Object.freeze({
	'c0a1de00-0000-4000-8000-00000000acce': Object.freeze({ country: 'DE', status: 'accepted' }),
	'c0a1de00-0000-4000-8000-0000000050b1': Object.freeze({ country: 'DE', status: 'submitted' }),
	'c0a1f600-0000-4000-8000-00000000acce': Object.freeze({ country: 'FR', status: 'accepted' }),
});

function inventoryFor(provider) {
	const entries = [];
	for (const block of BLOCKS.filter((b) => b.providers.includes(provider))) {
		for (let i = 0; i < block.count; i++) {
			const national = block.prefix + String(block.first + i).padStart(block.width, '0');
			entries.push({
				order: entries.length,
				digits: block.cc + national,
				e164: `+${block.cc}${national}`,
				national,
				cc: block.cc,
				iso: block.iso,
				country: block.country,
				areaCode: block.areaCode,
				type: block.type,
				region: block.region ?? null,
				regionName: block.regionName ?? null,
				city: block.city ?? null,
				rateCenter: block.rateCenter ?? null,
				lata: block.lata ?? null,
				capabilities: block.capabilities,
				monthlyRate: block.monthlyRate,
				restriction: block.restriction ?? null,
			});
		}
	}
	return entries;
}

// ---------------------------------------------------------------------------------------------
// Small shared helpers
// ---------------------------------------------------------------------------------------------

/** A provider-shaped error reply thrown from a handler; the dispatcher sends it unchanged. */
class Rejection extends Error {
	constructor(reply) {
		super(reply.note);
		this.reply = reply;
	}
}

const reply = (status, body, note) => ({ status, body, note });

const E164 = /^\+[1-9]\d{7,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID derived from its inputs, so ids are the same on every run (version-4 shaped). */
function stableUuid(...parts) {
	const hex = crypto.createHash('sha256').update(parts.join('|')).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

function isJsonContentType(header) {
	return String(header ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
}

function basicCredentials(header) {
	const match = /^Basic\s+(\S+)$/i.exec(String(header ?? ''));
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon === -1 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** An integer query parameter within [min, max]; `reject(message)` builds the provider's error. */
function intParam(query, name, { def, min, max = Infinity }, reject) {
	const raw = query.get(name);
	if (raw === null) return def;
	const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!(value >= min && value <= max)) {
		const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
		throw reject(`${name} must be an integer ${range} (got '${raw}')`);
	}
	return value;
}

function addMonth(isoDate) {
	const date = new Date(isoDate);
	date.setUTCMonth(date.getUTCMonth() + 1);
	return date.toISOString();
}

const sameText = (a, b) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase();

/** Query values as plain JSON: a string, or an array when the key repeats. */
function queryObject(searchParams) {
	const result = {};
	for (const key of new Set(searchParams.keys())) {
		const values = searchParams.getAll(key);
		result[key] = values.length === 1 ? values[0] : values;
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// SignalWire Relay REST: https://{space}.signalwire.com/api/relay/rest
// Errors: 400/401/404/500 {error: "<HTTP reason>"}, 422 {errors: [{detail, status, title, code}]}.
// ---------------------------------------------------------------------------------------------

const SW_CALL_HANDLERS = [
	'relay_context', 'relay_topic', 'relay_script', 'relay_application', 'relay_connector', 'relay_sip_endpoint',
	'relay_verto_endpoint', 'laml_webhooks', 'laml_application', 'dialogflow', 'video_room',
	'call_flow', 'ai_agent', 'fabric_subscriber', 'sip_gateway', 'call_queue',
];
/** Updates accept only the first eleven; the rest can be set through other SignalWire APIs. */
const SW_UPDATABLE_CALL_HANDLERS = SW_CALL_HANDLERS.slice(0, 11);
const SW_MESSAGE_HANDLERS = ['relay_context', 'relay_topic', 'relay_application', 'laml_webhooks', 'laml_application'];
const SW_TOLL_FREE_NPAS = ['800', '888', '877', '866', '855', '844', '833'];

const sw = {
	badRequest: (note) => new Rejection(reply(400, { error: 'Bad Request' }, note)),
	notFound: (note) => new Rejection(reply(404, { error: 'Not Found' }, note)),
	invalid: (detail, code = 'invalid_parameter', title = 'Invalid Parameter') =>
		new Rejection(reply(422, { errors: [{ detail, status: '422', title, code }] }, detail)),
};

function swNumberType(e164) {
	return e164.startsWith('+1') && SW_TOLL_FREE_NPAS.includes(e164.slice(2, 5)) ? 'toll-free' : 'longcode';
}

/** A complete PhoneNumberResponse (every field the seed schema requires, in its order). */
function swPhoneNumber(entry, { id, name = null, createdAt }) {
	return {
		id,
		number: entry.e164,
		name,
		capabilities: [...entry.capabilities],
		number_type: swNumberType(entry.e164),
		e911_address_id: null,
		// Not in the seed but in SignalWire's current spec: keeps the node honest about extra fields.
		e911_status: null,
		cnam: null,
		created_at: createdAt,
		updated_at: createdAt,
		next_billed_at: addMonth(createdAt),
		call_handler: null,
		calling_handler_resource_id: null,
		call_receive_mode: 'voice',
		call_request_url: null,
		call_request_method: 'POST',
		call_fallback_url: null,
		call_fallback_method: 'POST',
		call_status_callback_url: null,
		call_status_callback_method: 'POST',
		call_laml_application_id: null,
		call_dialogflow_agent_id: null,
		call_relay_topic: null,
		call_relay_topic_status_callback_url: null,
		call_relay_script_url: null,
		call_relay_context: null,
		call_relay_context_status_callback_url: null,
		call_relay_application: null,
		call_relay_connector_id: null,
		call_sip_endpoint_id: null,
		call_verto_resource: null,
		call_video_room_id: null,
		message_handler: null,
		messaging_handler_resource_id: null,
		message_request_url: null,
		message_request_method: 'POST',
		message_fallback_url: null,
		message_fallback_method: 'POST',
		message_laml_application_id: null,
		message_relay_topic: null,
		message_relay_context: null,
		country_code: entry.iso,
	};
}

function swAcquire(store, entry, { name, createdAt }) {
	store.available.delete(entry.e164);
	const seq = ++store.seq;
	const id = stableUuid('signalwire', entry.e164, seq);
	const record = { seq, entry, resource: swPhoneNumber(entry, { id, name, createdAt }) };
	store.owned.set(id, record);
	return record;
}

/**
 * Owned numbers the way SignalWire lists them: most recently created first. Kept until a number is
 * bought or released (seq and size change), so paging through 10,000 numbers does not sort each time.
 */
function swOwnedSorted(store) {
	const version = `${store.seq}:${store.owned.size}`;
	if (store.sorted?.version !== version) {
		const records = [...store.owned.values()].sort((a, b) => b.resource.created_at.localeCompare(a.resource.created_at) || b.seq - a.seq);
		store.sorted = { version, records };
	}
	return store.sorted.records;
}

function swJsonBody(ctx) {
	if (!isJsonContentType(ctx.headers['content-type'])) throw sw.badRequest('Content-Type must be application/json');
	const body = parseJson(ctx.rawBody);
	if (!isPlainObject(body)) throw sw.badRequest('the body must be a JSON object');
	return body;
}

function swRejectUnknown(body, allowed) {
	const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
	if (unknown.length) throw sw.invalid(`Unknown parameter: ${unknown.join(', ')}`, 'unknown_parameter', 'Unknown Parameter');
}

function swOwnedRecord(ctx) {
	const record = ctx.store.owned.get(ctx.params.id);
	if (!record) throw sw.notFound(`no phone number with id ${ctx.params.id}`);
	return record;
}

function swSearchItem(entry) {
	const capabilities = Object.fromEntries(ALL_CAPABILITIES.map((c) => [c, entry.capabilities.includes(c)]));
	if (entry.type === 'tollfree') return { number: entry.e164, capabilities };
	return { number: entry.e164, region: entry.region, city: entry.city, rate_center: entry.rateCenter, lata: entry.lata, capabilities };
}

/** The shape of SignalWire's older reference page (option signalWireSearchStyle: 'legacy'). */
function swLegacySearchItem(entry) {
	const [npa, nxx, line] = [entry.national.slice(0, 3), entry.national.slice(3, 6), entry.national.slice(6)];
	return {
		e164: entry.e164,
		national_number_formatted: `(${npa}) ${nxx}-${line}`,
		international_number_formatted: `+1 ${npa}-${nxx}-${line}`,
		rate_center: entry.rateCenter,
		region: entry.region,
		country_code: entry.iso,
		capabilities: [...entry.capabilities],
	};
}

/** starts_with / contains / ends_with apply to the national number (no "+1"). */
function matchesSwPattern(entry, kind, digits) {
	if (kind === 'starts_with') return entry.national.startsWith(digits);
	if (kind === 'ends_with') return entry.national.endsWith(digits);
	return entry.national.includes(digits);
}

function swSearch(ctx) {
	const query = ctx.query;
	const numberType = query.get('number_type') ?? 'local';
	if (!['local', 'toll-free'].includes(numberType)) throw sw.invalid(`number_type must be local or toll-free (got '${numberType}')`);
	const areacode = query.get('areacode');
	if (areacode !== null && !/^\d{3}$/.test(areacode)) throw sw.invalid(`areacode must be 3 digits (got '${areacode}')`);
	const patternKinds = ['starts_with', 'contains', 'ends_with'].filter((kind) => query.has(kind));
	if (patternKinds.length > 1) {
		throw sw.invalid(`Only one of starts_with, contains or ends_with can be used (got ${patternKinds.join(', ')})`);
	}
	const [patternKind] = patternKinds;
	const pattern = patternKind ? query.get(patternKind) : null;
	if (patternKind && !/^\d{3,7}$/.test(pattern)) throw sw.invalid(`${patternKind} must be 3 to 7 digits (got '${pattern}')`);
	const maxResults = intParam(query, 'max_results', { def: 50, min: 1, max: 100 }, sw.invalid);
	const region = query.get('region');
	const city = query.get('city');
	if (region !== null && !/^[A-Za-z]{2}$/.test(region)) throw sw.invalid(`region must be an ISO 3166-2 code like TX (got '${region}')`);
	if (city !== null && region === null) throw sw.invalid('city must be used together with region');
	if (numberType === 'toll-free' && (region !== null || city !== null)) {
		throw sw.invalid('region and city can only be used when searching local numbers');
	}

	const wantedType = numberType === 'toll-free' ? 'toll-free' : 'longcode';
	const matches = [...ctx.store.available.values()]
		.filter((entry) => swNumberType(entry.e164) === wantedType)
		.filter((entry) => areacode === null || entry.areaCode === areacode)
		.filter((entry) => region === null || sameText(entry.region, region))
		.filter((entry) => city === null || sameText(entry.city, city))
		.filter((entry) => !patternKind || matchesSwPattern(entry, patternKind, pattern))
		.sort((a, b) => a.order - b.order)
		.slice(0, maxResults);
	const toItem = ctx.config.signalWireSearchStyle === 'legacy' ? swLegacySearchItem : swSearchItem;
	const self = `${ctx.origin}${ctx.url.pathname}${ctx.url.search}`;
	return reply(200, { links: { self }, data: matches.map(toItem) }, `${matches.length} found`);
}

function swPurchase(ctx) {
	const body = swJsonBody(ctx);
	if (!('number' in body)) throw sw.invalid('number is required', 'missing_parameter', 'Missing Parameter');
	swRejectUnknown(body, ['number']);
	const { number } = body;
	if (typeof number !== 'string' || !E164.test(number)) {
		throw sw.invalid(`number must be a phone number in E.164 format like +14155550100 (got ${JSON.stringify(number)})`);
	}
	if ([...ctx.store.owned.values()].some((record) => record.entry.e164 === number)) {
		throw sw.invalid(`Number ${number} is already owned by this project`, 'number_already_owned', 'Number Already Owned');
	}
	const entry = ctx.store.available.get(number);
	if (!entry) throw sw.invalid(`Number ${number} is not available for purchase`, 'number_not_available', 'Number Not Available');
	const record = swAcquire(ctx.store, entry, { createdAt: ctx.now().toISOString() });
	return reply(200, record.resource, number);
}

/**
 * page_token is bound to the query it was issued for (filters, page size, page number), so a
 * client that rebuilds the next-page URL by hand instead of following links.next gets a 400.
 */
function swPageToken(ctx, filters, pageSize, pageNumber) {
	const seed = [ctx.config.signalwire.projectId, filters.filter_name, filters.filter_number, pageSize, pageNumber];
	return 'PA' + crypto.createHash('sha256').update(JSON.stringify(seed)).digest('hex').slice(0, 30);
}

function swList(ctx) {
	const query = ctx.query;
	const pageSize = intParam(query, 'page_size', { def: 50, min: 1, max: 1000 }, sw.badRequest);
	const pageNumber = intParam(query, 'page_number', { def: 0, min: 0 }, sw.badRequest);
	const filters = { filter_name: query.get('filter_name') ?? undefined, filter_number: query.get('filter_number') ?? undefined };
	if (pageNumber > 0) {
		const token = query.get('page_token');
		if (!token) throw sw.badRequest('page_token is required when page_number > 0');
		if (token !== swPageToken(ctx, filters, pageSize, pageNumber)) throw sw.badRequest('page_token does not belong to this query');
	}

	const owned = swOwnedSorted(ctx.store)
		.map((record) => record.resource)
		.filter((number) => filters.filter_name === undefined || (number.name ?? '').includes(filters.filter_name))
		.filter((number) => filters.filter_number === undefined || number.number.includes(filters.filter_number));
	const start = pageNumber * pageSize;
	const data = owned.slice(start, start + pageSize);

	const link = (page) => {
		const params = new URLSearchParams();
		for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, value);
		params.set('page_number', String(page));
		params.set('page_size', String(pageSize));
		if (page > 0) params.set('page_token', swPageToken(ctx, filters, pageSize, page));
		return `${ctx.origin}${ctx.url.pathname}?${params}`;
	};
	const links = { self: link(pageNumber), first: link(0) };
	if (start + pageSize < owned.length) links.next = link(pageNumber + 1);
	if (pageNumber > 0) links.prev = link(pageNumber - 1);
	return reply(200, { links, data }, `page ${pageNumber}: ${data.length} of ${owned.length}`);
}

function swGet(ctx) {
	const record = swOwnedRecord(ctx);
	return reply(200, record.resource, record.entry.e164);
}

const rule = (expected, test) => ({ expected, test });
const orNull = (test) => (value) => value === null || test(value);
const isString = (value) => typeof value === 'string';
const isHttpUrl = (value) => isString(value) && /^https?:\/\/[^\s/]+/i.test(value);
const oneOf = (values) => (value) => values.includes(value);

const SW_URL_FIELDS = [
	'call_request_url', 'call_fallback_url', 'call_status_callback_url', 'call_relay_topic_status_callback_url',
	'call_relay_script_url', 'call_relay_context_status_callback_url', 'message_request_url', 'message_fallback_url',
];
const SW_TEXT_FIELDS = [
	'name', 'call_laml_application_id', 'call_dialogflow_agent_id', 'call_relay_topic', 'call_relay_context',
	'call_relay_application', 'call_relay_connector_id', 'call_sip_endpoint_id', 'call_verto_resource',
	'message_laml_application_id', 'message_relay_topic', 'message_relay_context', 'message_relay_application',
];
const SW_METHOD_FIELDS = [
	'call_request_method', 'call_fallback_method', 'call_status_callback_method', 'message_request_method', 'message_fallback_method',
];

/** UpdatePhoneNumberRequest: every field is optional; null clears a nullable one. */
const SW_UPDATE_RULES = {
	...Object.fromEntries(SW_TEXT_FIELDS.map((field) => [field, rule('a string or null', orNull(isString))])),
	...Object.fromEntries(SW_URL_FIELDS.map((field) => [field, rule('an http(s) URL or null', orNull(isHttpUrl))])),
	...Object.fromEntries(SW_METHOD_FIELDS.map((field) => [field, rule('GET, POST or null', orNull(oneOf(['GET', 'POST'])))])),
	call_handler: rule(`one of ${SW_UPDATABLE_CALL_HANDLERS.join(', ')} or null`, orNull(oneOf(SW_UPDATABLE_CALL_HANDLERS))),
	message_handler: rule(`one of ${SW_MESSAGE_HANDLERS.join(', ')} or null`, orNull(oneOf(SW_MESSAGE_HANDLERS))),
	call_receive_mode: rule('voice or fax', oneOf(['voice', 'fax'])),
	call_video_room_id: rule('a UUID or null', orNull((value) => isString(value) && UUID.test(value))),
};

function swUpdate(ctx) {
	const record = swOwnedRecord(ctx);
	const body = swJsonBody(ctx);
	swRejectUnknown(body, Object.keys(SW_UPDATE_RULES));
	for (const [field, value] of Object.entries(body)) {
		const { expected, test } = SW_UPDATE_RULES[field];
		if (!test(value)) throw sw.invalid(`${field} must be ${expected} (got ${JSON.stringify(value)})`);
	}
	// Only fields the response schema has are shown back (message_relay_application is write-only).
	for (const [field, value] of Object.entries(body)) if (field in record.resource) record.resource[field] = value;
	record.resource.updated_at = ctx.now().toISOString();
	return reply(200, record.resource, `${record.entry.e164} ${Object.keys(body).join(',') || '(no changes)'}`);
}

function swRelease(ctx) {
	const record = swOwnedRecord(ctx);
	ctx.store.owned.delete(ctx.params.id);
	ctx.store.available.set(record.entry.e164, record.entry);
	return reply(204, undefined, record.entry.e164);
}

// ---------------------------------------------------------------------------------------------
// Plivo: https://api.plivo.com/v1/Account/{auth_id}/  Every body carries a fresh api_id;
// errors are {api_id, error: "<human text>"}; numbers in paths are digits only, trailing "/".
// ---------------------------------------------------------------------------------------------

const plivoBody = (payload) => ({ api_id: crypto.randomUUID(), ...payload });
const plivoError = (status, error, note = error) => new Rejection(reply(status, plivoBody({ error }), note));
const plivoBadRequest = (error) => plivoError(400, error);

const PLIVO_SEARCH_TYPES = ['any', 'local', 'fixed', 'mobile', 'tollfree', 'national'];
const PLIVO_OWNED_TYPES = ['local', 'fixed', 'mobile', 'tollfree', 'national'];
const PLIVO_SERVICES = ['voice', 'sms', 'mms'];

/** "fixed" (geographic) numbers are the inventory's "local" ones; none is "national". */
function matchesPlivoType(entry, type) {
	if (type === 'any') return true;
	if (type === 'fixed') return entry.type === 'local';
	return entry.type === type;
}

function plivoServices(query) {
	const raw = query.get('services');
	if (raw === null) return [];
	const services = raw.split(',').map((s) => s.trim());
	const unknown = services.filter((s) => !PLIVO_SERVICES.includes(s));
	if (unknown.length) throw plivoBadRequest(`services must be a comma-separated list of voice, sms, mms (got '${raw}')`);
	return services;
}

function plivoEnum(query, name, values, def) {
	const value = query.get(name) ?? def;
	if (value !== undefined && !values.includes(value)) throw plivoBadRequest(`${name} must be one of ${values.join(', ')} (got '${value}')`);
	return value;
}

function plivoJsonBody(ctx) {
	if (ctx.rawBody.trim() === '') return {};
	if (!isJsonContentType(ctx.headers['content-type'])) throw plivoBadRequest('Content-Type must be application/json');
	const body = parseJson(ctx.rawBody);
	if (!isPlainObject(body)) throw plivoBadRequest('the request body must be a JSON object');
	return body;
}

function plivoCheckFields(body, rules) {
	for (const [field, value] of Object.entries(body)) {
		if (!(field in rules)) throw plivoBadRequest(`unknown parameter '${field}'; accepted: ${Object.keys(rules).join(', ')}`);
		const { expected, test } = rules[field];
		if (!test(value)) throw plivoBadRequest(`${field} must be ${expected} (got ${JSON.stringify(value)})`);
	}
}

/** The {number} path segment: 8-15 digits, country code first, no "+". */
function plivoNumberParam(ctx) {
	const number = ctx.params.number;
	if (/^\d{8,15}$/.test(number)) return number;
	const hint = number.startsWith('+') ? ' without the leading +' : '';
	throw plivoBadRequest(`'${number}' is not a valid phone number: use 8 to 15 digits, country code first${hint}, e.g. 14155550100`);
}

function plivoOwnedRecord(ctx) {
	const number = plivoNumberParam(ctx);
	const record = ctx.store.owned.get(number);
	if (!record) throw plivoError(404, 'not found', `${number} is not in this account`);
	return record;
}

const plivoAppUri = (authId, appId) => `/v1/Account/${authId}/Application/${appId}/`;

function plivoSearchItem(entry, authId) {
	return {
		number: entry.digits,
		prefix: entry.areaCode,
		city: entry.city,
		country: entry.country,
		region: entry.regionName,
		rate_center: entry.rateCenter,
		lata: entry.lata === null ? null : Number(entry.lata),
		type: entry.type,
		sub_type: entry.type,
		setup_rate: '0.00000',
		monthly_rental_rate: entry.monthlyRate,
		sms_enabled: entry.capabilities.includes('sms'),
		sms_rate: entry.capabilities.includes('sms') ? '0.00500' : '0.00000',
		voice_enabled: entry.capabilities.includes('voice'),
		voice_rate: '0.00850',
		mms_enabled: entry.capabilities.includes('mms'),
		restriction: entry.restriction,
		restriction_text: entry.restriction ? 'A local address and identity verification are required for this number.' : null,
		resource_uri: `/v1/Account/${authId}/PhoneNumber/${entry.digits}/`,
	};
}

function plivoNumber(entry, { authId, alias = null, appId = null, addedOn }) {
	return {
		number: entry.digits,
		alias,
		application: appId ? plivoAppUri(authId, appId) : null,
		sub_account: null,
		added_on: addedOn,
		carrier: 'Plivo',
		region: entry.regionName,
		country: entry.country,
		city: entry.city,
		number_type: entry.type,
		monthly_rental_rate: entry.monthlyRate,
		renewal_date: addMonth(addedOn).slice(0, 10),
		sms_enabled: entry.capabilities.includes('sms'),
		mms_enabled: entry.capabilities.includes('mms'),
		voice_enabled: entry.capabilities.includes('voice'),
		sms_rate: entry.capabilities.includes('sms') ? '0.00500' : '0.00000',
		voice_rate: '0.00850',
		cnam_lookup: 'disabled',
		cnam: null,
		resource_uri: `/v1/Account/${authId}/Number/${entry.digits}/`,
	};
}

function plivoAcquire(store, entry, options) {
	store.available.delete(entry.digits);
	const record = { seq: ++store.seq, entry, resource: plivoNumber(entry, options) };
	store.owned.set(entry.digits, record);
	return record;
}

/** Plivo's list shape; meta.next / previous are relative URLs that keep the other filters. */
function plivoList(ctx, items, resource) {
	const limit = intParam(ctx.query, 'limit', { def: 20, min: 1, max: 20 }, plivoBadRequest);
	const offset = intParam(ctx.query, 'offset', { def: 0, min: 0 }, plivoBadRequest);
	const pageUrl = (pageOffset) => {
		const params = new URLSearchParams({ limit: String(limit), offset: String(pageOffset) });
		for (const [key, value] of ctx.query) if (key !== 'limit' && key !== 'offset') params.append(key, value);
		return `/v1/Account/${ctx.config.plivo.authId}/${resource}?${params}`;
	};
	const meta = {
		limit,
		offset,
		next: offset + limit < items.length ? pageUrl(offset + limit) : null,
		previous: offset > 0 ? pageUrl(Math.max(0, offset - limit)) : null,
		total_count: items.length,
	};
	const objects = items.slice(offset, offset + limit);
	return reply(200, plivoBody({ meta, objects }), `${objects.length} of ${items.length}`);
}

function plivoAccount(ctx) {
	const { authId } = ctx.config.plivo;
	return reply(200, plivoBody({
		account_type: 'standard',
		address: '1 Sandbox Way',
		auth_id: authId,
		auto_recharge: false,
		billing_mode: 'prepaid',
		cash_credits: '100.00000',
		city: 'San Francisco',
		name: 'Sandbox Account',
		resource_uri: `/v1/Account/${authId}/`,
		state: 'California',
		timezone: 'America/Los_Angeles',
	}), authId);
}

function plivoSearch(ctx) {
	const query = ctx.query;
	const countryIso = query.get('country_iso');
	if (countryIso === null) throw plivoBadRequest('country_iso is required: the 2-letter ISO code of the country to search, e.g. US');
	if (!/^[A-Za-z]{2}$/.test(countryIso)) throw plivoBadRequest(`country_iso must be a 2-letter ISO code (got '${countryIso}')`);
	const type = plivoEnum(query, 'type', PLIVO_SEARCH_TYPES, 'any');
	const pattern = query.get('pattern');
	if (pattern !== null && !/^[\d*]{1,15}$/.test(pattern)) throw plivoBadRequest(`pattern must be digits, optionally with * wildcards (got '${pattern}')`);
	const npanxx = query.get('npanxx');
	if (npanxx !== null && !/^\d{6}$/.test(npanxx)) throw plivoBadRequest(`npanxx must be 6 digits (got '${npanxx}')`);
	const services = plivoServices(query);
	const textFilters = { region: 'regionName', city: 'city', rate_center: 'rateCenter', lata: 'lata' };

	// pattern matches right after the country code ("415" finds 1415...); "*" is any one digit.
	const patternRe = pattern === null ? null : new RegExp(`^${pattern.replace(/\*/g, '\\d')}`);
	const matches = [...ctx.store.available.values()]
		.filter((entry) => entry.iso === countryIso.toUpperCase())
		.filter((entry) => matchesPlivoType(entry, type))
		.filter((entry) => !patternRe || patternRe.test(entry.national))
		.filter((entry) => npanxx === null || entry.national.startsWith(npanxx))
		.filter((entry) => services.every((service) => entry.capabilities.includes(service)))
		.filter((entry) => Object.entries(textFilters).every(([param, field]) => !query.has(param) || sameText(entry[field], query.get(param))))
		.sort((a, b) => a.order - b.order);
	return plivoList(ctx, matches.map((entry) => plivoSearchItem(entry, ctx.config.plivo.authId)), 'PhoneNumber/');
}

const PLIVO_PURCHASE_RULES = {
	app_id: rule('a string', isString),
	object_id: rule('a string', isString),
	cnam_lookup: rule('enabled or disabled', oneOf(['enabled', 'disabled'])),
	ha_enable: rule('a boolean', (value) => typeof value === 'boolean'),
	compliance_application_id: rule('a string', isString),
};

/** The compliance application named in a body, checked against the number's country; undefined if none. */
function plivoComplianceApplication(body, entry) {
	const id = body.compliance_application_id;
	if (id === undefined) return undefined;
	const application = PLIVO_COMPLIANCE_APPLICATIONS[id];
	if (!application) throw plivoBadRequest(`compliance_application_id '${id}' is not a compliance application of this account`);
	if (application.country !== entry.iso) {
		throw plivoBadRequest(`compliance application ${id} is for ${application.country} numbers, not ${entry.iso}`);
	}
	return application;
}

function plivoPurchase(ctx) {
	const number = plivoNumberParam(ctx);
	const body = plivoJsonBody(ctx);
	plivoCheckFields(body, PLIVO_PURCHASE_RULES);
	if (body.app_id !== undefined && body.object_id !== undefined) throw plivoBadRequest('use either app_id or object_id, not both');
	if (ctx.store.owned.has(number)) throw plivoBadRequest(`Number ${number} is already in this account`);
	const entry = ctx.store.available.get(number);
	if (!entry) throw plivoBadRequest(`Number ${number} is not available for purchase`);

	const compliance = plivoComplianceApplication(body, entry);
	const record = plivoAcquire(ctx.store, entry, {
		authId: ctx.config.plivo.authId,
		appId: body.app_id ?? body.object_id,
		addedOn: ctx.now().toISOString().slice(0, 10),
	});
	if (body.cnam_lookup) record.resource.cnam_lookup = body.cnam_lookup;
	const pending = VERIFICATION_COUNTRY_CODES.some((cc) => number.startsWith(cc)) && compliance?.status !== 'accepted';
	record.pending = pending;
	return reply(201, plivoBody({
		message: 'created',
		numbers: [{ number, status: pending ? 'pending' : 'Success' }],
		status: pending ? ctx.config.plivoPendingStatus : 'fulfilled',
	}), pending ? `${number} pending verification` : number);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RENEWAL_FILTERS = {
	renewal_date: (a, b) => a === b,
	renewal_date__lt: (a, b) => a < b,
	renewal_date__lte: (a, b) => a <= b,
	renewal_date__gt: (a, b) => a > b,
	renewal_date__gte: (a, b) => a >= b,
};

function plivoOwnedList(ctx) {
	const query = ctx.query;
	const type = plivoEnum(query, 'type', PLIVO_OWNED_TYPES, undefined);
	const startsWith = query.get('number_startswith');
	if (startsWith !== null && !/^\d{1,15}$/.test(startsWith)) throw plivoBadRequest(`number_startswith must be digits (got '${startsWith}')`);
	const cnamLookup = plivoEnum(query, 'cnam_lookup', ['enabled', 'disabled'], undefined);
	const services = plivoServices(query);
	const renewal = Object.entries(RENEWAL_FILTERS).filter(([param]) => query.has(param));
	for (const [param] of renewal) {
		if (!DATE.test(query.get(param))) throw plivoBadRequest(`${param} must be a date like 2025-01-31 (got '${query.get(param)}')`);
	}

	// Owned numbers in the order they were added: the Map's insertion order is seq order (a number is
	// only ever added with a new seq). Without filters the list is kept until a number is bought or
	// released, so paging through a 10,000-number account does not walk it for every page.
	const filtered = [...query.keys()].some((key) => key !== 'limit' && key !== 'offset');
	const version = `${ctx.store.seq}:${ctx.store.owned.size}`;
	if (!filtered && ctx.store.listed?.version === version) return plivoList(ctx, ctx.store.listed.numbers, 'Number/');
	const alias = query.get('alias');
	const subaccount = query.get('subaccount');
	const numbers = [];
	for (const { entry, resource: n } of ctx.store.owned.values()) {
		if (type !== undefined && !matchesPlivoType(entry, type)) continue;
		if (startsWith !== null && !n.number.startsWith(startsWith)) continue;
		if (alias !== null && n.alias !== alias) continue;
		if (subaccount !== null && n.sub_account !== subaccount) continue;
		if (cnamLookup !== undefined && n.cnam_lookup !== cnamLookup) continue;
		if (!services.every((service) => n[`${service}_enabled`])) continue;
		if (!renewal.every(([param, compare]) => compare(n.renewal_date, query.get(param)))) continue;
		numbers.push(n);
	}
	if (!filtered) ctx.store.listed = { version, numbers };
	return plivoList(ctx, numbers, 'Number/');
}

function plivoGet(ctx) {
	const record = plivoOwnedRecord(ctx);
	return reply(200, plivoBody(record.resource), record.entry.digits);
}

const PLIVO_UPDATE_RULES = {
	app_id: rule('a string or null', orNull(isString)),
	subaccount: rule('a string or null', orNull(isString)),
	alias: rule('a string or null', orNull(isString)),
	cnam_lookup: rule('enabled or disabled', oneOf(['enabled', 'disabled'])),
	cnam: rule('a string of at most 15 characters', (value) => isString(value) && value.length <= 15),
	cnam_callback_url: rule('an http(s) URL', isHttpUrl),
	cnam_callback_method: rule('GET or POST', oneOf(['GET', 'POST'])),
	compliance_application_id: rule('a string', isString),
};

function plivoUpdate(ctx) {
	const record = plivoOwnedRecord(ctx);
	const body = plivoJsonBody(ctx);
	plivoCheckFields(body, PLIVO_UPDATE_RULES);
	const compliance = plivoComplianceApplication(body, record.entry);
	if (compliance && !record.pending) {
		throw plivoBadRequest('the compliance application of a number can only be changed while its compliance status is pending or rejected');
	}
	const number = record.resource;
	if (compliance?.status === 'accepted') record.pending = false;
	if ('app_id' in body) number.application = body.app_id ? plivoAppUri(ctx.config.plivo.authId, body.app_id) : null;
	if ('subaccount' in body) number.sub_account = body.subaccount;
	if ('alias' in body) number.alias = body.alias;
	if ('cnam_lookup' in body) number.cnam_lookup = body.cnam_lookup;
	if ('cnam' in body) number.cnam = body.cnam;
	return reply(202, plivoBody({ message: 'changed' }), `${number.number} ${Object.keys(body).join(',') || '(no changes)'}`);
}

// Applications: what a number's calls and messages are sent to (answer_url, message_url).
const PLIVO_APP_RULES = {
	app_name: rule('a string', isString),
	answer_url: rule('an http(s) URL', isHttpUrl),
	answer_method: rule('GET or POST', oneOf(['GET', 'POST'])),
	message_url: rule('an http(s) URL', isHttpUrl),
	message_method: rule('GET or POST', oneOf(['GET', 'POST'])),
	hangup_url: rule('an http(s) URL', isHttpUrl),
	hangup_method: rule('GET or POST', oneOf(['GET', 'POST'])),
	fallback_answer_url: rule('an http(s) URL', isHttpUrl),
	fallback_method: rule('GET or POST', oneOf(['GET', 'POST'])),
};

function plivoApplication(ctx) {
	const app = ctx.store.applications.get(ctx.params.appId);
	if (!app) throw plivoError(404, 'not found', `no application ${ctx.params.appId}`);
	return app;
}

function plivoAppCreate(ctx) {
	const body = plivoJsonBody(ctx);
	plivoCheckFields(body, PLIVO_APP_RULES);
	if (!body.app_name) throw plivoBadRequest('app_name is required');
	const appId = `2${String(++ctx.store.appSeq).padStart(16, '0')}`;
	const { authId } = ctx.config.plivo;
	ctx.store.applications.set(appId, {
		app_id: appId,
		app_name: body.app_name,
		answer_url: body.answer_url ?? '',
		answer_method: body.answer_method ?? 'POST',
		message_url: body.message_url ?? '',
		message_method: body.message_method ?? 'POST',
		hangup_url: body.hangup_url ?? body.answer_url ?? '',
		hangup_method: body.hangup_method ?? 'POST',
		fallback_answer_url: body.fallback_answer_url ?? '',
		fallback_method: body.fallback_method ?? 'POST',
		default_app: false,
		enabled: true,
		public_uri: false,
		sub_account: null,
		resource_uri: plivoAppUri(authId, appId),
	});
	return reply(201, plivoBody({ app_id: appId, message: 'created' }), `${appId} ${body.app_name}`);
}

function plivoAppGet(ctx) {
	const app = plivoApplication(ctx);
	return reply(200, plivoBody(app), app.app_id);
}

function plivoAppList(ctx) {
	return plivoList(ctx, [...ctx.store.applications.values()], 'Application/');
}

function plivoAppDelete(ctx) {
	const app = plivoApplication(ctx);
	ctx.store.applications.delete(app.app_id);
	// Plivo unlinks a deleted application from its numbers.
	for (const record of ctx.store.owned.values()) {
		if (record.resource.application === app.resource_uri) record.resource.application = null;
	}
	return reply(204, undefined, app.app_id);
}

function plivoRelease(ctx) {
	const record = plivoOwnedRecord(ctx);
	ctx.store.owned.delete(record.entry.digits);
	ctx.store.available.set(record.entry.digits, record.entry);
	return reply(204, undefined, record.entry.digits);
}

// ---------------------------------------------------------------------------------------------
// Providers and the route table
// ---------------------------------------------------------------------------------------------

const PROVIDERS = {
	signalwire: {
		id: 'signalwire',
		prefix: '/api/relay/rest/',
		authenticate(call, config) {
			const credentials = basicCredentials(call.headers.authorization);
			const { projectId, apiToken } = config.signalwire;
			if (credentials?.user === projectId && credentials.password === apiToken) return undefined;
			return reply(401, { error: 'Unauthorized' }, credentials ? 'wrong project id or token' : 'no Basic credentials');
		},
		errorBody: (status) => ({ error: http.STATUS_CODES[status] ?? 'Error' }),
		// Rails-style: an unknown path and a method a path does not take are both "Not Found".
		notFound: (note) => reply(404, { error: 'Not Found' }, note),
		methodNotAllowed: (allowed) => reply(404, { error: 'Not Found' }, `this path takes ${allowed.join(', ')}`),
	},
	plivo: {
		id: 'plivo',
		prefix: '/v1/Account/',
		authenticate(call, config) {
			const credentials = basicCredentials(call.headers.authorization);
			const { authId, authToken } = config.plivo;
			const pathAuthId = safeDecode(call.url.pathname.split('/')[3] ?? '');
			let note;
			if (!credentials) note = 'no Basic credentials';
			else if (credentials.user !== authId || credentials.password !== authToken) note = 'wrong auth id or token';
			else if (pathAuthId !== credentials.user) note = `auth_id in the path (${pathAuthId}) differs from the Basic user`;
			if (!note) return undefined;
			return { ...reply(401, plivoBody({ error: 'Authentication credentials invalid' }), note), headers: { 'WWW-Authenticate': 'Basic realm="api"' } };
		},
		errorBody: (status) => plivoBody({ error: (http.STATUS_CODES[status] ?? 'error').toLowerCase() }),
		notFound: (note, error = 'not found') => reply(404, plivoBody({ error }), note),
		methodNotAllowed: (allowed) => ({
			...reply(405, plivoBody({ error: 'method not allowed' }), `allowed: ${allowed.join(', ')}`),
			headers: { Allow: allowed.join(', ') },
		}),
	},
};

/** One row per endpoint; ":name" segments become ctx.params.name. First match wins. */
const ROUTES = [
	route('signalwire', 'GET', '/api/relay/rest/phone_numbers/search', 'search', swSearch),
	route('signalwire', 'GET', '/api/relay/rest/phone_numbers', 'list', swList),
	route('signalwire', 'POST', '/api/relay/rest/phone_numbers', 'purchase', swPurchase),
	route('signalwire', 'GET', '/api/relay/rest/phone_numbers/:id', 'get', swGet),
	route('signalwire', 'PUT', '/api/relay/rest/phone_numbers/:id', 'update', swUpdate),
	route('signalwire', 'DELETE', '/api/relay/rest/phone_numbers/:id', 'release', swRelease),

	route('plivo', 'GET', '/v1/Account/:authId/', 'account', plivoAccount),
	route('plivo', 'GET', '/v1/Account/:authId/PhoneNumber/', 'search', plivoSearch),
	route('plivo', 'POST', '/v1/Account/:authId/PhoneNumber/:number/', 'purchase', plivoPurchase),
	route('plivo', 'GET', '/v1/Account/:authId/Number/', 'list', plivoOwnedList),
	route('plivo', 'GET', '/v1/Account/:authId/Number/:number/', 'get', plivoGet),
	route('plivo', 'POST', '/v1/Account/:authId/Number/:number/', 'update', plivoUpdate),
	route('plivo', 'DELETE', '/v1/Account/:authId/Number/:number/', 'release', plivoRelease),
	route('plivo', 'GET', '/v1/Account/:authId/Application/', 'application list', plivoAppList),
	route('plivo', 'POST', '/v1/Account/:authId/Application/', 'application create', plivoAppCreate),
	route('plivo', 'GET', '/v1/Account/:authId/Application/:appId/', 'application get', plivoAppGet),
	route('plivo', 'DELETE', '/v1/Account/:authId/Application/:appId/', 'application delete', plivoAppDelete),
];

function route(provider, method, template, operation, handle) {
	const source = template
		.split('/')
		.map((segment) => (segment.startsWith(':') ? `(?<${segment.slice(1)}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
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
	const body = fault.body !== undefined ? fault.body : (provider ?? PROVIDERS.signalwire).errorBody(status);
	return { status, body, headers, note: 'injected fault' };
}

// ---------------------------------------------------------------------------------------------
// Inbound webhooks (what the providers send when a number gets a message or a call)
// ---------------------------------------------------------------------------------------------

/** A LaML (Twilio-compatible) inbound message or call, as SignalWire posts it. */
function swInboundPayload({ accountSid, digits, from, event, text, media }) {
	const common = { AccountSid: accountSid, From: `+${from}`, To: `+${digits}`, ApiVersion: '2010-04-01' };
	if (event === 'call') {
		return { CallSid: crypto.randomUUID(), ...common, CallStatus: 'ringing', Direction: 'inbound', Caller: `+${from}`, Called: `+${digits}` };
	}
	const sid = crypto.randomUUID();
	const payload = { MessageSid: sid, SmsSid: sid, ...common, Body: text, NumMedia: String(media.length), SmsStatus: 'received' };
	media.forEach((url, index) => {
		payload[`MediaUrl${index}`] = url;
		payload[`MediaContentType${index}`] = 'image/jpeg';
	});
	return payload;
}

/** A Plivo inbound message (message_url) or call (answer_url); numbers are digits without "+". */
function plivoInboundPayload({ digits, from, event, text, media }) {
	if (event === 'call') {
		return { CallUUID: crypto.randomUUID(), From: from, To: digits, Direction: 'inbound', CallStatus: 'ringing', Event: 'StartApp', CallerName: `+${from}`, BillRate: '0.0085' };
	}
	const payload = { From: from, To: digits, Type: media.length ? 'mms' : 'sms', Text: text, MessageUUID: crypto.randomUUID(), Units: '1', TotalRate: '0', TotalAmount: '0' };
	media.forEach((url, index) => {
		payload[`Media${index}`] = url;
	});
	if (media.length) payload.MediaCount = String(media.length);
	return payload;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** POSTs a form to a loopback URL and reads the answer; anything else is refused. */
function postForm(url, payload, headers) {
	const target = new URL(url);
	if (target.protocol !== 'http:' || !LOOPBACK_HOSTS.includes(target.hostname)) {
		return Promise.reject(new Error(`the stand-in only calls http:// loopback URLs (got ${url})`));
	}
	const body = new URLSearchParams(payload).toString();
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

function providerStore(provider, keyOf, forSale = 0) {
	const entries = [...inventoryFor(provider), ...extraForSale(forSale)];
	return { available: new Map(entries.map((entry) => [keyOf(entry), entry])), owned: new Map(), seq: 0, applications: new Map(), appSeq: 0 };
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
	const template = inventoryFor('signalwire').find((entry) => entry.type === 'local');
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
	const store = state[provider];
	const count = store.unseeded ?? 0;
	store.unseeded = 0;
	for (let i = 0; i < count; i++) {
		const entry = seedEntry(i);
		// One second apart, oldest first: SignalWire lists newest first, Plivo in the order added.
		const created = new Date(SEED_EPOCH + i * 1000).toISOString();
		if (provider === 'signalwire') swAcquire(store, entry, { name: `Seeded ${i + 1}`, createdAt: created });
		else plivoAcquire(store, entry, { authId: config.plivo.authId, alias: `Seeded ${i + 1}`, addedOn: created.slice(0, 10) });
	}
	return store;
}

/** `seedOwned`: a count for both providers, or {signalwire, plivo}. */
function seedCounts(option = 0) {
	const counts = typeof option === 'number' ? { signalwire: option, plivo: option } : { signalwire: 0, plivo: 0, ...option };
	for (const [provider, count] of Object.entries(counts)) {
		if (!['signalwire', 'plivo'].includes(provider)) throw new Error(`seedOwned: unknown provider ${provider}`);
		if (!(Number.isInteger(count) && count >= 0 && count <= SEED_MAX)) throw new Error(`seedOwned.${provider} must be a whole number from 0 to ${SEED_MAX}`);
	}
	return counts;
}

// ---------------------------------------------------------------------------------------------
// Rate limits (option rateLimit): a token bucket per account, i.e. per provider here. Each provider
// request takes a token; with none left the answer is 429 with Retry-After (whole seconds until the
// next token, at least 1) and the provider's error body. Control endpoints are never limited.
// ---------------------------------------------------------------------------------------------

/** `rateLimit`: {rate, burst} for both providers, or {signalwire: {rate, burst}, plivo: {...}}; burst defaults to rate. */
function rateLimits(option) {
	if (!option) return {};
	const perProvider = 'rate' in option ? { signalwire: option, plivo: option } : option;
	const limits = {};
	for (const [provider, { rate, burst = rate } = {}] of Object.entries(perProvider)) {
		if (!['signalwire', 'plivo'].includes(provider)) throw new Error(`rateLimit: unknown provider ${provider}`);
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
		const number = request.provider === 'plivo' ? request.path.split('/')[5] : String(request.body?.number ?? '').replace(/^\+/, '');
		bought.set(number, (bought.get(number) ?? 0) + 1);
	}
	return bought;
}

function initialState(config) {
	const signalwire = providerStore('signalwire', (entry) => entry.e164, config.forSale);
	for (const { number, name, createdAt } of INITIAL_OWNED.signalwire) {
		swAcquire(signalwire, signalwire.available.get(number), { name, createdAt });
	}
	const plivo = providerStore('plivo', (entry) => entry.digits, config.forSale);
	for (const { number, alias, addedOn } of INITIAL_OWNED.plivo) {
		plivoAcquire(plivo, plivo.available.get(number), { authId: config.plivo.authId, alias, addedOn });
	}
	signalwire.unseeded = config.seedOwned.signalwire;
	plivo.unseeded = config.seedOwned.plivo;
	return { signalwire, plivo };
}

function storeSnapshot(store, ownedSorted) {
	return {
		owned: ownedSorted(store).map((record) => structuredClone(record.resource)),
		availableCount: store.available.size,
		applications: [...store.applications.values()].map((app) => structuredClone(app)),
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
 *   signalwire: { projectId, apiToken }, plivo: { authId, authToken }  accepted credentials
 *   log: (line) => void        one line per request (the CLI passes console.log)
 *   now: () => Date            clock for created_at / added_on
 *   signalWireSearchStyle: 'current' | 'legacy'   shape of SignalWire search items
 *   plivoPendingStatus: 'pending' | 'fulfilled'   top-level status of a purchase awaiting
 *                              verification (notes say "pending"; the seed's example shows "fulfilled")
 *   rateLimit: {rate, burst} | {signalwire: {rate, burst}, plivo: {rate, burst}}   token bucket per
 *                              account: requests per second and how many may come at once (= rate)
 *   seedOwned: N | {signalwire: N, plivo: N}   extra owned numbers at start and after reset
 *   forSale: N                 N more US local numbers on sale at each provider (forSaleNumbers(N))
 *   latencyMs: N               every provider answer waits N ms (control endpoints do not)
 */
function createSandbox(options = {}) {
	const config = {
		signalwire: { ...DEFAULTS.signalwire, ...options.signalwire },
		plivo: { ...DEFAULTS.plivo, ...options.plivo },
		log: options.log,
		now: options.now ?? (() => new Date()),
		signalWireSearchStyle: options.signalWireSearchStyle ?? 'current',
		plivoPendingStatus: options.plivoPendingStatus ?? 'pending',
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
		for (const provider of ['signalwire', 'plivo']) seeded(state, provider, config);
		return state;
	}

	function snapshot() {
		current();
		return {
			signalwire: storeSnapshot(state.signalwire, swOwnedSorted),
			plivo: storeSnapshot(state.plivo, (store) => [...store.owned.values()].sort((a, b) => a.seq - b.seq)),
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
		if (!provider) return { reply: reply(404, { error: 'Not Found' }, 'not a SignalWire or Plivo path') };
		const denied = provider.authenticate(call, config);
		if (denied) return { reply: denied, operation: 'unauthorized' };
		const { pathname } = call.url;
		const found = findRoute(provider.id, call.method, pathname);
		if (!found) {
			// Plivo paths end with "/". Without it we answer 404 rather than redirect, so a node that
			// drops the slash fails here, loudly, instead of depending on redirects being followed.
			if (provider.id === 'plivo' && !pathname.endsWith('/') && findRoute(provider.id, call.method, `${pathname}/`)) {
				return { reply: provider.notFound('missing trailing slash', `not found: Plivo paths end with "/" (${pathname}/)`) };
			}
			return { reply: provider.notFound('no such endpoint') };
		}
		if (found.allowed) return { reply: provider.methodNotAllowed(found.allowed) };
		const ctx = { ...call, config, now: config.now, store: seeded(state, provider.id, config), params: found.params, query: call.url.searchParams };
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
	 * Sends an inbound message or call to the URL the number points at, form-encoded and signed as
	 * the provider signs it (signature 'valid'), without any signature ('none'), or signed and then
	 * changed on the way ('tampered'). Only loopback URLs are called.
	 */
	async function simulateInbound(options) {
		const { provider, event, signature = 'valid' } = options;
		if (!['signalwire', 'plivo'].includes(provider)) throw new Error('provider must be signalwire or plivo');
		if (!['message', 'call'].includes(event)) throw new Error('event must be message or call');
		if (!['valid', 'none', 'tampered'].includes(signature)) throw new Error('signature must be valid, none or tampered');
		const digits = String(options.number ?? '').replace(/\D/g, '');
		const from = String(options.from ?? '+14155550100').replace(/\D/g, '');
		const text = options.text ?? 'Hello from the stand-in';
		const media = options.media ?? [];
		const target = provider === 'signalwire' ? swInboundTarget(digits, event) : plivoInboundTarget(digits, event);
		const payload = provider === 'signalwire' ? swInboundPayload({ accountSid: config.signalwire.projectId, digits, from, event, text, media }) : plivoInboundPayload({ digits, from, event, text, media });
		const headers = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': `${provider}-stand-in` };
		if (signature !== 'none') {
			if (provider === 'signalwire') {
				const signed = signing.signalWireFormSignature(config.signalwire.signingKey, target.url, payload);
				headers['x-signalwire-signature'] = signed;
				headers['x-twilio-signature'] = signed;
			} else {
				const nonce = String(crypto.randomInt(1e9, 1e10)) + String(crypto.randomInt(1e9, 1e10));
				headers['x-plivo-signature-v3'] = signing.plivoV3Signature(config.plivo.authToken, target.url, payload, nonce);
				headers['x-plivo-signature-v3-nonce'] = nonce;
			}
		}
		if (signature === 'tampered') {
			const key = event === 'message' ? (provider === 'signalwire' ? 'Body' : 'Text') : 'From';
			payload[key] = event === 'message' ? `${payload[key]} (changed on the way)` : provider === 'signalwire' ? '+19005550199' : '19005550199';
		}
		const response = await postForm(target.url, payload, headers);
		return { url: target.url, signature, payload, ...response };
	}

	function swInboundTarget(digits, event) {
		const record = [...state.signalwire.owned.values()].find((r) => r.entry.digits === digits);
		if (!record) throw new Error(`+${digits} is not a SignalWire number of this stand-in`);
		const number = record.resource;
		const handler = number[`${event}_handler`];
		const url = number[`${event}_request_url`];
		if (handler !== 'laml_webhooks' || !url) throw new Error(`+${digits} sends its ${event}s to ${handler ?? 'nothing'}, not to a LaML webhook`);
		return { url };
	}

	function plivoInboundTarget(digits, event) {
		const record = state.plivo.owned.get(digits);
		if (!record) throw new Error(`${digits} is not a Plivo number of this stand-in`);
		const app = [...state.plivo.applications.values()].find((a) => a.resource_uri === record.resource.application);
		const url = app && (event === 'message' ? app.message_url : app.answer_url);
		if (!url) throw new Error(`${digits} has no application with a ${event === 'message' ? 'message_url' : 'answer_url'}`);
		return { url };
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

		const provider = Object.values(PROVIDERS).find((p) => url.pathname.startsWith(p.prefix));
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
			body: rawBody === '' ? null : parseJson(rawBody) ?? rawBody,
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
		/** Live state: { signalwire, plivo }, each { available: Map, owned: Map, seq }. */
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
  --rate-limit L   token bucket per account: RATE[:BURST] for both providers, or e.g.
                   signalwire=60,plivo=60:300 (requests per second, how many at once)
  --seed-owned N   N more owned numbers at each provider (at most ${SEED_MAX})
  --for-sale N     N more US local numbers on sale at each provider (at most ${FOR_SALE_MAX})
  --latency MS     every provider answer waits MS milliseconds`;

/** "60", "60:300" or "signalwire=60,plivo=60:300" -> the rateLimit option. */
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
	const { signalwire, plivo } = DEFAULTS;
	console.log(`[sandbox] listening on ${baseUrl}`);
	console.log(`[sandbox] SignalWire: API Base URL ${baseUrl}, project ${signalwire.projectId}, token ${signalwire.apiToken}`);
	console.log(`[sandbox] Plivo: API Base URL ${baseUrl}, auth id ${plivo.authId}, token ${plivo.authToken}`);
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

module.exports = { createSandbox, forSaleNumbers, purchasesByNumber, DEFAULTS, PLIVO_COMPLIANCE_APPLICATIONS };
