'use strict';

/**
 * Telnyx in the stand-in: API v2 (https://api.telnyx.com/v2) for its number search, number orders,
 * phone numbers, TeXML applications, messaging profiles and messages, and the webhooks a number's
 * TeXML application (calls, form-encoded) and messaging profile (messages, JSON) receive, signed
 * with Ed25519. The module shape is described in providers/index.js; the server core
 * (../server.js) does everything else.
 *
 * Number orders finish later, as at Telnyx: an order answers `pending`, and reads as `success`
 * once `telnyxOrderDelayMs` (createSandbox option, default 0) has passed since it was placed, or
 * as `failure` for a number in `telnyxOrderFailures` (default: +13125550128). A number of a
 * regulated country (DE) ordered without a known requirement group waits for documents
 * (`requirement-info-pending`) and never finishes.
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { Rejection, reply, E164, UUID, stableUuid, parseJson, isPlainObject, isJsonContentType, intParam, rule, orNull, isString, isHttpUrl, oneOf } = require('../helpers');
const signing = require('../webhook-signing');
const { CAMPAIGNS, REFUSED_NUMBERS } = require('../campaigns');

/** Obviously fake credentials; the public key belongs to the stand-in's signing seed. */
const SIGNING_SEED = 'telnyx-stand-in-signing-seed';
const CREDENTIALS = Object.freeze({ apiKey: 'telnyx-test-key', signingSeed: SIGNING_SEED, publicKey: signing.telnyxKeyPair(SIGNING_SEED).publicKey });

/** Numbers the account holds at start (and after reset); the second one has Telnyx's deletion lock on. */
const INITIAL_OWNED = [
	{ number: '+14155550129', reference: 'Sandbox main line', purchasedAt: '2024-03-01T17:00:00.000Z' },
	{ number: '+18885550119', reference: 'Sandbox support line', purchasedAt: '2024-06-12T09:30:00.000Z', deletionLock: true },
];

/** The account's requirement groups (satisfy a regulated number's requirements), by ID. */
const TELNYX_REQUIREMENT_GROUPS = Object.freeze({ 'c0a1de00-0000-4000-8000-0000000000de': 'DE' });
const REGULATED = ['DE'];
const DEFAULT_FAILURES = ['+13125550128'];

const ERROR_URL = (code) => `https://developers.telnyx.com/docs/overview/errors/${code}`;

/**
 * Telnyx's error body: {errors: [{code, title, detail, source, meta: {url}}]}. `where` is what was
 * wrong: a JSON pointer into the body ("/phone_numbers/0") becomes `source.pointer`, a query
 * parameter's name ("filter[limit]") `source.parameter`, as Telnyx's spec (Error) tells them apart.
 */
function telnyxErrorBody(code, title, detail, where) {
	const source = where ? { source: where.startsWith('/') ? { pointer: where } : { parameter: where } } : {};
	return { errors: [{ code, title, detail, ...source, meta: { url: ERROR_URL(code) } }] };
}
const telnyxError = (status, code, title, detail, where) => new Rejection(reply(status, telnyxErrorBody(code, title, detail, where), detail));
const invalid = (detail, pointer) => telnyxError(422, '10015', 'Bad Request', detail, pointer);
const badRequest = (detail, where) => telnyxError(400, '10015', 'Bad Request', detail, where);
const notFound = (detail) => telnyxError(404, '10005', 'Resource not found', detail);

/** A number's ID: a long integer as text, the same on every run. */
const numberId = (digits) => `1293384261${digits.padStart(9, '0').slice(-9)}`;
const TYPE = { local: 'local', tollfree: 'toll_free', mobile: 'mobile' };

function telnyxNumber(entry, { status = 'active', purchasedAt, reference = null, deletionLock = false, connectionId = null, messagingProfileId = null, billingGroupId = null }) {
	return {
		id: numberId(entry.digits),
		record_type: 'phone_number',
		phone_number: entry.e164,
		status,
		tags: [],
		external_pin: null,
		connection_id: connectionId,
		connection_name: null,
		customer_reference: reference,
		messaging_profile_id: messagingProfileId,
		messaging_profile_name: null,
		billing_group_id: billingGroupId,
		emergency_enabled: false,
		emergency_address_id: null,
		emergency_status: 'disabled',
		call_forwarding_enabled: true,
		cnam_listing_enabled: false,
		caller_id_name_enabled: false,
		call_recording_enabled: false,
		t38_fax_gateway_enabled: false,
		inbound_call_screening: 'disabled',
		hd_voice_enabled: false,
		deletion_lock_enabled: deletionLock,
		phone_number_type: TYPE[entry.type] ?? 'local',
		country_iso_alpha2: entry.iso,
		source_type: 'number_order',
		purchased_at: purchasedAt,
		created_at: purchasedAt,
		updated_at: purchasedAt,
	};
}

function acquire(store, entry, options) {
	store.available.delete(entry.e164);
	const record = { seq: ++store.seq, entry, resource: telnyxNumber(entry, options) };
	store.owned.set(entry.e164, record);
	return record;
}

function jsonBody(ctx) {
	if (ctx.rawBody.trim() === '') throw badRequest('The request body must be a JSON object');
	if (!isJsonContentType(ctx.headers['content-type'])) throw badRequest('Content-Type must be application/json');
	const body = parseJson(ctx.rawBody);
	if (!isPlainObject(body)) throw badRequest('The request body must be a JSON object');
	return body;
}

function checkFields(body, rules, where = '') {
	for (const [field, value] of Object.entries(body)) {
		if (!(field in rules)) throw invalid(`'${field}' is not a known parameter; accepted: ${Object.keys(rules).join(', ')}`, `${where}/${field}`);
		const { expected, test } = rules[field];
		if (!test(value)) throw invalid(`${field} must be ${expected} (got ${JSON.stringify(value)})`, `${where}/${field}`);
	}
}

/** The query's parameters that are not in `known` get 400, as a strict API would. */
function checkQuery(ctx, known) {
	for (const key of ctx.query.keys()) if (!known.includes(key)) throw badRequest(`'${key}' is not a known query parameter; accepted: ${known.join(', ')}`, key);
}

/** page[number] (from 1) and page[size] (1 to 250): `{data, meta: {page_number, page_size, total_pages, total_results}}`. */
function page(ctx, items) {
	const number = intParam(ctx.query, 'page[number]', { def: 1, min: 1 }, (message) => badRequest(message, 'page[number]'));
	const size = intParam(ctx.query, 'page[size]', { def: 20, min: 1, max: 250 }, (message) => badRequest(message, 'page[size]'));
	const data = items.slice((number - 1) * size, number * size);
	const meta = { page_number: number, page_size: size, total_pages: Math.max(1, Math.ceil(items.length / size)), total_results: items.length };
	return reply(200, { data, meta }, `${data.length} of ${items.length}`);
}

function ownedRecord(ctx) {
	const record = [...ctx.store.owned.values()].find((candidate) => candidate.resource.id === ctx.params.id);
	if (!record) throw notFound(`No phone number with ID ${ctx.params.id}`);
	return record;
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

const SEARCH_QUERY = [
	'filter[country_code]', 'filter[phone_number_type]', 'filter[national_destination_code]', 'filter[phone_number][starts_with]',
	'filter[phone_number][contains]', 'filter[phone_number][ends_with]', 'filter[locality]', 'filter[administrative_area]',
	'filter[features]', 'filter[limit]', 'filter[best_effort]', 'filter[quickship]', 'filter[reservable]', 'filter[exclude_held_numbers]', 'filter[rate_center]',
];
const FEATURES = ['sms', 'mms', 'voice', 'fax', 'emergency', 'hd_voice', 'international_sms', 'local_calling'];

function searchItem(entry) {
	const regions = [{ region_type: 'country_code', region_name: entry.iso }];
	if (entry.region) regions.push({ region_type: 'state', region_name: entry.region });
	if (entry.rateCenter) regions.push({ region_type: 'rate_center', region_name: entry.rateCenter });
	if (entry.city) regions.push({ region_type: 'location', region_name: entry.city });
	return {
		record_type: 'available_phone_number',
		phone_number: entry.e164,
		vanity_format: '',
		best_effort: false,
		quickship: true,
		reservable: true,
		region_information: regions,
		cost_information: { upfront_cost: '1.00', monthly_cost: entry.monthlyRate.slice(0, 4), currency: 'USD' },
		features: entry.capabilities.map((name) => ({ name })),
	};
}

function search(ctx) {
	checkQuery(ctx, SEARCH_QUERY);
	const q = (name) => ctx.query.get(`filter[${name}]`);
	const country = q('country_code');
	if (country !== null && !/^[A-Z]{2}$/.test(country)) throw badRequest(`filter[country_code] must be a 2-letter ISO code in capitals (got '${country}')`, 'filter[country_code]');
	const type = q('phone_number_type');
	if (type !== null && !['local', 'toll_free', 'mobile', 'national', 'shared_cost'].includes(type)) throw badRequest(`filter[phone_number_type] must be local, toll_free, mobile, national or shared_cost (got '${type}')`, 'filter[phone_number_type]');
	const limit = intParam(ctx.query, 'filter[limit]', { def: 20, min: 1, max: 100 }, (message) => badRequest(message, 'filter[limit]'));
	const features = q('features') === null ? [] : q('features').split(',');
	const unknown = features.filter((feature) => !FEATURES.includes(feature));
	if (unknown.length) throw badRequest(`filter[features] has unknown features: ${unknown.join(', ')}`, 'filter[features]');
	for (const name of ['phone_number][starts_with', 'phone_number][contains', 'phone_number][ends_with', 'national_destination_code']) {
		const value = q(name);
		if (value !== null && !/^\d{1,15}$/.test(value)) throw badRequest(`filter[${name}] must be digits (got '${value}')`, `filter[${name}]`);
	}
	const ndc = q('national_destination_code');
	const rest = (entry) => (ndc !== null && entry.national.startsWith(ndc) ? entry.national.slice(ndc.length) : entry.national);
	const matches = [...ctx.store.available.values()]
		.filter((entry) => country === null || entry.iso === country)
		.filter((entry) => type === null || (TYPE[entry.type] ?? 'local') === type)
		.filter((entry) => ndc === null || entry.national.startsWith(ndc))
		.filter((entry) => q('phone_number][starts_with') === null || rest(entry).startsWith(q('phone_number][starts_with')))
		.filter((entry) => q('phone_number][contains') === null || rest(entry).includes(q('phone_number][contains')))
		.filter((entry) => q('phone_number][ends_with') === null || entry.national.endsWith(q('phone_number][ends_with')))
		.filter((entry) => q('administrative_area') === null || entry.region === q('administrative_area'))
		.filter((entry) => q('locality') === null || String(entry.city ?? '').toLowerCase() === q('locality').toLowerCase())
		.filter((entry) => features.every((feature) => entry.capabilities.includes(feature)))
		.sort((a, b) => a.order - b.order);
	const data = matches.slice(0, limit).map(searchItem);
	return reply(200, { data, metadata: { total_results: data.length, best_effort_results: 0 } }, `${data.length} of ${matches.length}`);
}

// ---------------------------------------------------------------------------------------------
// Number orders: pending when placed; success after telnyxOrderDelayMs, or failure on request.
// ---------------------------------------------------------------------------------------------

const ORDER_RULES = {
	phone_numbers: rule('a list of 1 to 1000 {phone_number}', (value) => Array.isArray(value) && value.length >= 1 && value.length <= 1000),
	connection_id: rule('a string', isString),
	messaging_profile_id: rule('a UUID', (value) => isString(value) && UUID.test(value)),
	billing_group_id: rule('a UUID', (value) => isString(value) && UUID.test(value)),
	customer_reference: rule('a string', isString),
};
const ORDER_NUMBER_RULES = {
	phone_number: rule('an E.164 number', (value) => isString(value) && E164.test(value)),
	requirement_group_id: rule('a string', isString),
	bundle_id: rule('a string', isString),
};

/** The order as Telnyx shows it now: finished once its time has come. */
function refreshOrder(ctx, order) {
	if (order.status !== 'pending') return order;
	const due = ctx.now().getTime() - Date.parse(order.created_at) >= ctx.config.telnyxOrderDelayMs;
	if (!due) return order;
	let changed = false;
	for (const entry of order.phone_numbers) {
		if (entry.status !== 'pending' || entry.requirements_status === 'requirement-info-pending') continue;
		const owned = ctx.store.owned.get(entry.phone_number);
		if (ctx.config.telnyxOrderFailures.includes(entry.phone_number)) {
			entry.status = 'failure';
			if (owned) {
				ctx.store.owned.delete(entry.phone_number);
				ctx.store.available.set(entry.phone_number, owned.entry);
			}
		} else {
			entry.status = 'success';
			if (owned) owned.resource.status = 'active';
		}
		changed = true;
	}
	if (order.phone_numbers.every((entry) => entry.status !== 'pending')) {
		order.status = order.phone_numbers.some((entry) => entry.status === 'failure') ? 'failure' : 'success';
	}
	if (changed) order.updated_at = ctx.now().toISOString();
	return order;
}

/**
 * The fields of `body` that were given. Telnyx's spec types an order's connection, messaging
 * profile, billing group, customer reference and bundle as text (never null), so an order shows
 * only those it was placed with.
 */
const given = (body, fields) => Object.fromEntries(fields.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]));

function createOrder(ctx) {
	const body = jsonBody(ctx);
	checkFields(body, ORDER_RULES);
	if (!body.phone_numbers) throw invalid('phone_numbers must be present', '/phone_numbers');
	for (const [index, entry] of body.phone_numbers.entries()) {
		if (!isPlainObject(entry)) throw invalid('each phone number must be an object', `/phone_numbers/${index}`);
		checkFields(entry, ORDER_NUMBER_RULES, `/phone_numbers/${index}`);
		if (!entry.phone_number) throw invalid('phone_number must be present', `/phone_numbers/${index}/phone_number`);
		if (!ctx.store.available.has(entry.phone_number)) throw invalid(`${entry.phone_number} is not available for purchase`, `/phone_numbers/${index}/phone_number`);
		if (entry.requirement_group_id !== undefined && !TELNYX_REQUIREMENT_GROUPS[entry.requirement_group_id]) {
			throw invalid(`requirement_group_id ${entry.requirement_group_id} is not a requirement group of this account`, `/phone_numbers/${index}/requirement_group_id`);
		}
	}
	const now = ctx.now().toISOString();
	const id = stableUuid('telnyx order', ++ctx.store.orderSeq);
	const numbers = body.phone_numbers.map((requested) => {
		const entry = ctx.store.available.get(requested.phone_number);
		const regulated = REGULATED.includes(entry.iso);
		const satisfied = !regulated || TELNYX_REQUIREMENT_GROUPS[requested.requirement_group_id] === entry.iso;
		acquire(ctx.store, entry, {
			status: 'purchase-pending',
			purchasedAt: now,
			reference: body.customer_reference ?? null,
			connectionId: body.connection_id ?? null,
			messagingProfileId: body.messaging_profile_id ?? null,
			billingGroupId: body.billing_group_id ?? null,
		});
		return {
			id: stableUuid('telnyx order number', id, entry.e164),
			record_type: 'number_order_phone_number',
			phone_number: entry.e164,
			...given(requested, ['bundle_id']),
			country_code: entry.iso,
			country_iso_alpha2: entry.iso,
			phone_number_type: TYPE[entry.type] ?? 'local',
			regulatory_requirements: [],
			requirements_met: satisfied,
			requirements_status: regulated ? (satisfied ? 'approved' : 'requirement-info-pending') : 'approved',
			status: 'pending',
		};
	});
	const order = {
		id,
		record_type: 'number_order',
		phone_numbers_count: numbers.length,
		...given(body, ['connection_id', 'messaging_profile_id', 'billing_group_id', 'customer_reference']),
		phone_numbers: numbers,
		sub_number_orders_ids: [stableUuid('telnyx sub order', id)],
		status: 'pending',
		created_at: now,
		updated_at: now,
		requirements_met: numbers.every((entry) => entry.requirements_met),
	};
	ctx.store.orders.set(id, order);
	return reply(200, { data: structuredClone(order) }, `order ${id} for ${numbers.map((entry) => entry.phone_number).join(', ')}`);
}

function getOrder(ctx) {
	const order = ctx.store.orders.get(ctx.params.id);
	if (!order) throw notFound(`No number order with ID ${ctx.params.id}`);
	return reply(200, { data: structuredClone(refreshOrder(ctx, order)) }, `${order.id} ${order.status}`);
}

function listOrders(ctx) {
	checkQuery(ctx, ['filter[status]', 'filter[created_at][gt]', 'filter[created_at][lt]', 'filter[phone_numbers_count]', 'filter[customer_reference]', 'filter[requirements_met]', 'page[number]', 'page[size]']);
	const q = (name) => ctx.query.get(`filter[${name}]`);
	for (const name of ['created_at][gt', 'created_at][lt']) {
		if (q(name) !== null && Number.isNaN(Date.parse(q(name)))) throw badRequest(`filter[${name}] must be a date-time (got '${q(name)}')`, `filter[${name}]`);
	}
	const orders = [...ctx.store.orders.values()]
		.map((order) => refreshOrder(ctx, order))
		.filter((order) => q('status') === null || order.status === q('status'))
		.filter((order) => q('customer_reference') === null || order.customer_reference === q('customer_reference'))
		.filter((order) => q('created_at][gt') === null || Date.parse(order.created_at) > Date.parse(q('created_at][gt')))
		.filter((order) => q('created_at][lt') === null || Date.parse(order.created_at) < Date.parse(q('created_at][lt')))
		.reverse()
		// In a list, an order's numbers are {id, phone_number}, the ID being the number's (an int64 as text).
		.map((order) => ({ ...structuredClone(order), phone_numbers: order.phone_numbers.map(({ phone_number }) => ({ id: numberId(phone_number.slice(1)), phone_number })) }));
	return page(ctx, orders);
}

// ---------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------

const LIST_QUERY = [
	'page[number]', 'page[size]', 'filter[tag]', 'filter[phone_number]', 'filter[status]', 'filter[connection_id]', 'filter[customer_reference]',
	'filter[billing_group_id]', 'filter[number_type][eq]', 'filter[country_iso_alpha2]', 'filter[source]', 'sort',
];

function listNumbers(ctx) {
	checkQuery(ctx, LIST_QUERY);
	const q = (name) => ctx.query.get(`filter[${name}]`);
	const phone = q('phone_number');
	// Telnyx: "Requires at least three digits. Non-numerical characters will result in no values being returned."
	if (phone !== null && phone.replace(/\D/g, '').length < 3) throw badRequest('filter[phone_number] requires at least three digits', 'filter[phone_number]');
	const numbers = [...ctx.store.owned.values()]
		.sort((a, b) => b.seq - a.seq)
		.map((record) => record.resource)
		.filter((n) => phone === null || (/^\d+$/.test(phone) && n.phone_number.slice(1).includes(phone)))
		.filter((n) => q('tag') === null || n.tags.includes(q('tag')))
		.filter((n) => q('status') === null || n.status === q('status'))
		.filter((n) => q('connection_id') === null || n.connection_id === q('connection_id'))
		.filter((n) => q('customer_reference') === null || n.customer_reference === q('customer_reference'))
		.filter((n) => q('billing_group_id') === null || n.billing_group_id === q('billing_group_id'))
		.filter((n) => q('number_type][eq') === null || n.phone_number_type === q('number_type][eq'))
		.map((n) => structuredClone(n));
	return page(ctx, numbers);
}

function getNumber(ctx) {
	const record = ownedRecord(ctx);
	return reply(200, { data: structuredClone(record.resource) }, record.resource.phone_number);
}

const UPDATE_RULES = {
	billing_group_id: rule('a UUID', (value) => isString(value) && UUID.test(value)),
	// Telnyx's spec takes text only (no null): "" takes the connection off the number.
	connection_id: rule('a string ("" to unassign)', isString),
	customer_reference: rule('a string', isString),
	tags: rule('a list of strings', (value) => Array.isArray(value) && value.every(isString)),
	external_pin: rule('a string', isString),
	hd_voice_enabled: rule('a boolean', (value) => typeof value === 'boolean'),
	address_id: rule('a string', isString),
};

function updateNumber(ctx) {
	const record = ownedRecord(ctx);
	const body = jsonBody(ctx);
	checkFields(body, UPDATE_RULES);
	const number = record.resource;
	if (body.connection_id) {
		const app = ctx.store.applications.get(body.connection_id);
		if (!app && !/^\d+$/.test(body.connection_id)) throw invalid(`connection_id ${body.connection_id} is not a connection of this account`, '/connection_id');
	}
	Object.assign(number, body, { updated_at: ctx.now().toISOString() });
	if (body.connection_id === '') number.connection_id = null;
	if ('connection_id' in body) number.connection_name = ctx.store.applications.get(body.connection_id)?.friendly_name ?? null;
	return reply(200, { data: structuredClone(number) }, `${number.phone_number} ${Object.keys(body).join(',') || '(no changes)'}`);
}

function messagingSettings(number) {
	return {
		id: number.id,
		record_type: 'messaging_settings',
		phone_number: number.phone_number,
		messaging_profile_id: number.messaging_profile_id,
		messaging_product: 'P2P',
		country_code: number.country_iso_alpha2,
		type: number.phone_number_type === 'toll_free' ? 'toll-free' : 'longcode',
		traffic_type: 'P2P',
		eligible_messaging_products: ['A2P', 'P2P'],
		health: { message_count: 0, inbound_outbound_ratio: 0, success_ratio: 1, spam_ratio: 0 },
		features: { sms: { domestic_two_way: true, international_inbound: false, international_outbound: false }, mms: null },
		tags: number.tags,
		created_at: number.created_at,
		updated_at: number.updated_at,
	};
}

const MESSAGING_RULES = {
	messaging_profile_id: rule('a UUID, or "" to unassign', (value) => value === null || value === '' || (isString(value) && UUID.test(value))),
	messaging_product: rule('a string', isString),
	tags: rule('a list of strings', (value) => Array.isArray(value) && value.every(isString)),
};

function updateMessaging(ctx) {
	const record = ownedRecord(ctx);
	const body = jsonBody(ctx);
	checkFields(body, MESSAGING_RULES);
	const number = record.resource;
	if (body.messaging_profile_id) {
		const profile = ctx.store.profiles.get(body.messaging_profile_id);
		if (!profile) throw invalid(`messaging_profile_id ${body.messaging_profile_id} is not a messaging profile of this account`, '/messaging_profile_id');
		number.messaging_profile_id = profile.id;
		number.messaging_profile_name = profile.name;
	} else if (body.messaging_profile_id === '') {
		number.messaging_profile_id = null;
		number.messaging_profile_name = null;
	}
	if (body.tags) number.tags = body.tags;
	number.updated_at = ctx.now().toISOString();
	return reply(200, { data: messagingSettings(number) }, `${number.phone_number} messaging ${JSON.stringify(body)}`);
}

function releaseNumber(ctx) {
	const record = ownedRecord(ctx);
	const number = record.resource;
	if (number.deletion_lock_enabled) {
		throw telnyxError(422, '10015', 'Deletion lock enabled', `The phone number ${number.phone_number} has deletion lock enabled and cannot be deleted.`, '/id');
	}
	ctx.store.owned.delete(record.entry.e164);
	ctx.store.available.set(record.entry.e164, record.entry);
	// A released number leaves its campaign too.
	tenDlc(ctx.store).assignments.delete(record.entry.e164);
	// The deleted number as Telnyx's spec shows one (PhoneNumberDeletedDetailed): its unset fields
	// are left out, not null (the spec types them as text, unlike a number that still exists).
	const deleted = Object.fromEntries(Object.entries({ ...structuredClone(number), status: 'deleted' }).filter(([, value]) => value !== null));
	return reply(200, { data: deleted }, number.phone_number);
}

// ---------------------------------------------------------------------------------------------
// 10DLC campaigns: /v2/10dlc/... (the official SDK's messaging10dlc.brand.list, campaign.list,
// phoneNumberCampaigns.create / retrieve / delete). No {data} envelope here: one thing is the
// record itself, lists are {records, page, totalRecords}. A number has at most one campaign; its
// assignment is PENDING_ASSIGNMENT until it has been looked at `looks` times
// (GET .../phone_number_campaigns/{phoneNumber}), then ASSIGNED, or FAILED_ASSIGNMENT for a number
// the carriers refuse. Only campaigns the carriers provisioned take numbers.
// ---------------------------------------------------------------------------------------------

/** The stand-in's campaigns (../campaigns.js) in Telnyx's words: UUID-shaped IDs, The Campaign Registry's IDs beside them, campaignStatus. */
const TELNYX_CAMPAIGN_IDS = Object.fromEntries(CAMPAIGNS.map((campaign, i) => [campaign.key, `4b30017a-5a4d-4c3b-8a29-0000000000c${i + 1}`]));
const TCR_CAMPAIGN_IDS = { 'order-updates': 'CSNDBX1', 'spring-promotions': 'CSNDBX2', 'appointment-reminders': 'CSNDBX3', sweepstakes: 'CSNDBX4', 'carrier-review': 'CSNDBX5' };
const TELNYX_BRANDS = [
	{ brandId: '4b20017a-5a4d-4c3b-8a29-0000000000b1', tcrBrandId: 'BSNDBX1', displayName: 'Sandbox Coffee' },
	{ brandId: '4b20017a-5a4d-4c3b-8a29-0000000000b2', tcrBrandId: 'BSNDBX2', displayName: 'Sandbox Clinic' },
];
const CAMPAIGN_STATUS = { approved: 'MNO_PROVISIONED', review: 'TCR_PENDING', rejected: 'TCR_FAILED' };
const TELNYX_CAMPAIGNS = CAMPAIGNS.map((campaign) => ({
	campaignId: TELNYX_CAMPAIGN_IDS[campaign.key],
	tcrCampaignId: TCR_CAMPAIGN_IDS[campaign.key],
	brandId: TELNYX_BRANDS[campaign.brand].brandId,
	tcrBrandId: TELNYX_BRANDS[campaign.brand].tcrBrandId,
	brandDisplayName: TELNYX_BRANDS[campaign.brand].displayName,
	description: campaign.name,
	usecase: campaign.useCase,
	campaignStatus: CAMPAIGN_STATUS[campaign.registration],
	status: 'ACTIVE',
	looks: campaign.looks,
}));

/** The 10DLC state, created with the store (and again on reset): assignments by E.164. */
function tenDlc(store) {
	store.tenDlc ??= { assignments: new Map() };
	return store.tenDlc;
}

const paged = (ctx) => ({
	page: intParam(ctx.query, 'page', { def: 1, min: 1 }, (message) => badRequest(message, 'page')),
	size: intParam(ctx.query, 'recordsPerPage', { def: 10, min: 1, max: 500 }, (message) => badRequest(message, 'recordsPerPage')),
});
function records(ctx, items) {
	const { page, size } = paged(ctx);
	const slice = items.slice((page - 1) * size, page * size);
	return reply(200, { records: slice, page, totalRecords: items.length }, `${slice.length} of ${items.length}`);
}

/** GET /10dlc/brand. */
function listBrands(ctx) {
	checkQuery(ctx, ['page', 'recordsPerPage', 'sort', 'displayName', 'entityType', 'state', 'country', 'brandId', 'tcrBrandId']);
	const brands = TELNYX_BRANDS.map((brand) => ({ ...brand, companyName: `${brand.displayName} LLC`, entityType: 'PRIVATE_PROFIT', identityStatus: 'VERIFIED', status: 'OK', assignedCampaingsCount: TELNYX_CAMPAIGNS.filter((campaign) => campaign.brandId === brand.brandId).length }));
	return records(ctx, brands);
}

const campaignResource = ({ looks, ...campaign }, store) => ({
	...campaign,
	assignedPhoneNumbersCount: [...tenDlc(store).assignments.values()].filter((assignment) => assignment.campaign.campaignId === campaign.campaignId).length,
	createDate: '2025-01-06T15:00:00Z',
});

/** GET /10dlc/campaign?brandId=… (brandId is required). */
function listCampaigns(ctx) {
	checkQuery(ctx, ['brandId', 'page', 'recordsPerPage', 'sort']);
	const brandId = ctx.query.get('brandId');
	if (!brandId) throw badRequest('brandId is required', 'brandId');
	return records(ctx, TELNYX_CAMPAIGNS.filter((campaign) => campaign.brandId === brandId).map((campaign) => campaignResource(campaign, ctx.store)));
}

/** A campaign by its ID or The Campaign Registry's. */
const findCampaign = (id) => TELNYX_CAMPAIGNS.find((campaign) => campaign.campaignId === id || campaign.tcrCampaignId === id);

function assignmentResource(number, assignment) {
	const { campaign } = assignment;
	return {
		phoneNumber: number,
		campaignId: assignment.campaignId,
		brandId: campaign.brandId,
		tcrBrandId: campaign.tcrBrandId,
		tcrCampaignId: campaign.tcrCampaignId,
		telnyxCampaignId: campaign.campaignId,
		assignmentStatus: assignment.status,
		...(assignment.failureReasons ? { failureReasons: assignment.failureReasons } : {}),
		createdAt: assignment.createdAt,
		updatedAt: assignment.updatedAt,
	};
}

const ASSIGN_RULES = {
	phoneNumber: rule('a phone number in E.164', (value) => isString(value) && E164.test(value)),
	campaignId: rule('a campaign ID', isString),
};

/** POST /10dlc/phone_number_campaigns {phoneNumber, campaignId}. */
function assignNumber(ctx) {
	const body = jsonBody(ctx);
	checkFields(body, ASSIGN_RULES);
	for (const field of Object.keys(ASSIGN_RULES)) if (body[field] === undefined) throw invalid(`${field} is required`, `/${field}`);
	const campaign = findCampaign(body.campaignId);
	if (!campaign) throw notFound(`No campaign with ID ${body.campaignId}`);
	if (campaign.campaignStatus !== 'MNO_PROVISIONED') {
		const why = campaign.campaignStatus === 'TCR_PENDING' ? 'is still pending and has not been approved yet' : `was not approved (${campaign.campaignStatus})`;
		throw telnyxError(422, '10036', 'Campaign not approved', `Campaign ${body.campaignId} ${why}.`, '/campaignId');
	}
	const record = ctx.store.owned.get(body.phoneNumber);
	if (!record) throw invalid(`Phone number ${body.phoneNumber} is not in your account`, '/phoneNumber');
	if (record.entry.iso !== 'US' || record.entry.type !== 'local') throw invalid(`Phone number ${body.phoneNumber} is not a US 10DLC number`, '/phoneNumber');
	const { assignments } = tenDlc(ctx.store);
	const existing = assignments.get(body.phoneNumber);
	if (existing && existing.status !== 'FAILED_ASSIGNMENT') throw badRequest(`Phone number ${body.phoneNumber} is already assigned to campaign ${existing.campaignId}`, '/phoneNumber');
	const now = ctx.now().toISOString();
	const assignment = { campaign, campaignId: body.campaignId, status: 'PENDING_ASSIGNMENT', looks: 0, createdAt: now, updatedAt: now };
	assignments.set(body.phoneNumber, assignment);
	return reply(200, assignmentResource(body.phoneNumber, assignment), `${body.phoneNumber} -> ${campaign.campaignId}`);
}

function assignmentOf(ctx) {
	const number = ctx.params.phoneNumber;
	if (!E164.test(number)) throw badRequest(`${number} is not a phone number in E.164`, 'phoneNumber');
	const assignment = tenDlc(ctx.store).assignments.get(number);
	if (!assignment) throw notFound(`Phone number ${number} is not assigned to any campaign`);
	return { number, assignment };
}

/** GET /10dlc/phone_number_campaigns/{phoneNumber}: each look brings a pending assignment nearer to ASSIGNED. */
function getAssignment(ctx) {
	const { number, assignment } = assignmentOf(ctx);
	if (assignment.status === 'PENDING_ASSIGNMENT') {
		assignment.looks++;
		if (REFUSED_NUMBERS.includes(number.slice(1))) Object.assign(assignment, { status: 'FAILED_ASSIGNMENT', failureReasons: 'The carriers refused the number for this campaign' });
		else if (assignment.looks >= assignment.campaign.looks) assignment.status = 'ASSIGNED';
		if (assignment.status !== 'PENDING_ASSIGNMENT') assignment.updatedAt = ctx.now().toISOString();
	}
	return reply(200, assignmentResource(number, assignment), `${number} ${assignment.status} (look ${assignment.looks})`);
}

/** DELETE /10dlc/phone_number_campaigns/{phoneNumber}: the number leaves the campaign (answered as on its way out). */
function deleteAssignment(ctx) {
	const { number, assignment } = assignmentOf(ctx);
	tenDlc(ctx.store).assignments.delete(number);
	return reply(200, assignmentResource(number, { ...assignment, status: 'PENDING_UNASSIGNMENT', updatedAt: ctx.now().toISOString() }), `${number} out of ${assignment.campaignId}`);
}

// ---------------------------------------------------------------------------------------------
// TeXML applications (a number's connection_id), messaging profiles, messages
// ---------------------------------------------------------------------------------------------

const TEXML_RULES = {
	friendly_name: rule('a string', isString),
	voice_url: rule('an http(s) URL', isHttpUrl),
	voice_method: rule('get or post', oneOf(['get', 'post'])),
	voice_fallback_url: rule('an http(s) URL', isHttpUrl),
	status_callback: rule('an http(s) URL', isHttpUrl),
	status_callback_method: rule('get or post', oneOf(['get', 'post'])),
	active: rule('a boolean', (value) => typeof value === 'boolean'),
	tags: rule('a list of strings', (value) => Array.isArray(value) && value.every(isString)),
};

function createTexmlApplication(ctx) {
	const body = jsonBody(ctx);
	checkFields(body, TEXML_RULES);
	if (!body.friendly_name) throw invalid('friendly_name must be present', '/friendly_name');
	if (!body.voice_url) throw invalid('voice_url must be present', '/voice_url');
	const id = `2${String(++ctx.store.appSeq).padStart(18, '0')}`;
	const now = ctx.now().toISOString();
	const app = {
		id,
		record_type: 'texml_application',
		friendly_name: body.friendly_name,
		voice_url: body.voice_url,
		voice_method: body.voice_method ?? 'post',
		// Text in Telnyx's spec (never null): shown only when set.
		...given(body, ['voice_fallback_url', 'status_callback']),
		status_callback_method: body.status_callback_method ?? 'post',
		active: body.active ?? true,
		anchorsite_override: 'Latency',
		dtmf_type: 'RFC 2833',
		first_command_timeout: false,
		first_command_timeout_secs: 30,
		tags: body.tags ?? [],
		created_at: now,
		updated_at: now,
	};
	ctx.store.applications.set(id, app);
	return reply(201, { data: structuredClone(app) }, `${id} ${body.friendly_name}`);
}

function deleteTexmlApplication(ctx) {
	const app = ctx.store.applications.get(ctx.params.id);
	if (!app) throw notFound(`No TeXML application with ID ${ctx.params.id}`);
	ctx.store.applications.delete(app.id);
	for (const { resource } of ctx.store.owned.values()) {
		if (resource.connection_id === app.id) Object.assign(resource, { connection_id: null, connection_name: null });
	}
	return reply(200, { data: app }, app.id);
}

const PROFILE_RULES = {
	name: rule('a string', isString),
	whitelisted_destinations: rule('a list of 2-letter country codes', (value) => Array.isArray(value) && value.every((code) => isString(code) && /^[A-Z]{2}$/.test(code))),
	webhook_url: rule('an http(s) URL or null', orNull(isHttpUrl)),
	webhook_failover_url: rule('an http(s) URL or null', orNull(isHttpUrl)),
	webhook_api_version: rule('1, 2 or 2010-04-01', oneOf(['1', '2', '2010-04-01'])),
	enabled: rule('a boolean', (value) => typeof value === 'boolean'),
};

function createMessagingProfile(ctx) {
	const body = jsonBody(ctx);
	checkFields(body, PROFILE_RULES);
	if (!body.name) throw invalid('name must be present', '/name');
	if (!body.whitelisted_destinations) throw invalid('whitelisted_destinations must be present', '/whitelisted_destinations');
	const id = stableUuid('telnyx messaging profile', ++ctx.store.profileSeq);
	const now = ctx.now().toISOString();
	const profile = {
		id,
		record_type: 'messaging_profile',
		name: body.name,
		enabled: body.enabled ?? true,
		webhook_url: body.webhook_url ?? null,
		webhook_failover_url: body.webhook_failover_url ?? null,
		webhook_api_version: body.webhook_api_version ?? '2',
		whitelisted_destinations: body.whitelisted_destinations,
		created_at: now,
		updated_at: now,
	};
	ctx.store.profiles.set(id, profile);
	return reply(200, { data: structuredClone(profile) }, `${id} ${body.name}`);
}

function deleteMessagingProfile(ctx) {
	const profile = ctx.store.profiles.get(ctx.params.id);
	if (!profile) throw notFound(`No messaging profile with ID ${ctx.params.id}`);
	ctx.store.profiles.delete(profile.id);
	for (const { resource } of ctx.store.owned.values()) {
		if (resource.messaging_profile_id === profile.id) Object.assign(resource, { messaging_profile_id: null, messaging_profile_name: null });
	}
	return reply(200, { data: profile }, profile.id);
}

const MESSAGE_RULES = {
	from: rule('an E.164 number', (value) => isString(value) && E164.test(value)),
	to: rule('an E.164 number', (value) => isString(value) && E164.test(value)),
	text: rule('a string', isString),
	use_profile_webhooks: rule('a boolean', (value) => typeof value === 'boolean'),
	messaging_profile_id: rule('a UUID', (value) => isString(value) && UUID.test(value)),
	type: rule('SMS or MMS', oneOf(['SMS', 'MMS'])),
};

function sendMessage(ctx) {
	const body = jsonBody(ctx);
	checkFields(body, MESSAGE_RULES);
	if (!body.to) throw invalid('to must be present', '/to');
	const number = ctx.store.owned.get(body.from)?.resource;
	if (!number) throw invalid(`${body.from} is not a number of this account`, '/from');
	if (!number.messaging_profile_id) throw invalid(`${body.from} has no messaging profile`, '/from');
	const message = {
		id: stableUuid('telnyx message', ctx.store.messages.length + 1),
		record_type: 'message',
		direction: 'outbound',
		type: 'SMS',
		from: { phone_number: body.from, carrier: 'Telnyx', line_type: 'Wireless' },
		to: [{ phone_number: body.to, status: 'queued', carrier: 'Telnyx', line_type: 'Wireless' }],
		text: body.text ?? '',
		messaging_profile_id: number.messaging_profile_id,
		parts: 1,
		encoding: 'GSM-7',
		media: [],
		sent_at: null,
		completed_at: null,
		valid_until: null,
		errors: [],
	};
	ctx.store.messages.push(message);
	return reply(200, { data: message }, `${body.from} → ${body.to}`);
}

// ---------------------------------------------------------------------------------------------
// Inbound webhooks: messages to the messaging profile's webhook_url (API v2, JSON), calls to the
// TeXML application's voice_url (form-encoded, like TwiML); both signed with Ed25519.
// ---------------------------------------------------------------------------------------------

function inboundTarget(store, digits, event) {
	const record = store.owned.get(`+${digits}`);
	if (!record) throw new Error(`+${digits} is not a Telnyx number of this stand-in`);
	const number = record.resource;
	const url = event === 'message' ? store.profiles.get(number.messaging_profile_id ?? '')?.webhook_url : store.applications.get(number.connection_id ?? '')?.voice_url;
	if (!url) throw new Error(`+${digits} has no ${event === 'message' ? 'messaging profile with a webhook URL' : 'TeXML application with a voice URL'}`);
	return { url };
}

function inboundPayload({ digits, from, event, text, media, now }) {
	if (event === 'call') {
		const sid = `v3:${crypto.randomUUID()}`;
		return {
			AccountSid: stableUuid('telnyx account'),
			ApiVersion: '2010-04-01',
			CallSid: sid,
			CallSidLegacy: sid,
			CallStatus: 'ringing',
			Direction: 'inbound',
			From: `+${from}`,
			To: `+${digits}`,
			CallerId: `+${from}`,
			ConnectionId: '1293384261075731499',
		};
	}
	const occurredAt = now.toISOString();
	return {
		data: {
			event_type: 'message.received',
			id: crypto.randomUUID(),
			occurred_at: occurredAt,
			payload: {
				id: crypto.randomUUID(),
				record_type: 'message',
				direction: 'inbound',
				type: media.length ? 'MMS' : 'SMS',
				from: { phone_number: `+${from}`, carrier: 'Telnyx', line_type: 'Wireless' },
				to: [{ phone_number: `+${digits}`, status: 'webhook_delivered', carrier: 'Telnyx', line_type: 'Wireless' }],
				text,
				media: media.map((url) => ({ url, content_type: 'image/jpeg', size: 1024 })),
				messaging_profile_id: stableUuid('telnyx messaging profile', 1),
				parts: 1,
				encoding: 'GSM-7',
				received_at: occurredAt,
				errors: [],
			},
			record_type: 'event',
		},
		meta: { attempt: 1, delivered_to: '' },
	};
}

module.exports = {
	id: 'telnyx',
	name: 'Telnyx',
	prefix: '/v2/',
	credentials: CREDENTIALS,
	configure: (options) => ({
		telnyxOrderDelayMs: options.telnyxOrderDelayMs ?? 0,
		telnyxOrderFailures: options.telnyxOrderFailures ?? DEFAULT_FAILURES,
	}),
	describe: (config, baseUrl) => `API Base URL ${baseUrl}, API key ${config.telnyx.apiKey}, public key ${config.telnyx.publicKey}`,
	/** The node's credential for this stand-in (the demo, e2e and live tests import it into n8n). */
	n8nCredential: {
		type: 'telnyxNumbersApi',
		data: (baseUrl, account) => ({ apiKey: account.apiKey, publicKey: signing.telnyxKeyPair(account.signingSeed).publicKey, baseUrl }),
	},
	sells: (block) => ['US', 'GB', 'DE'].includes(block.iso),
	key: (entry) => entry.e164,
	initial(store) {
		Object.assign(store, { orders: new Map(), orderSeq: 0, profiles: new Map(), profileSeq: 0, messages: [] });
		tenDlc(store);
		for (const { number, reference, purchasedAt, deletionLock } of INITIAL_OWNED) acquire(store, store.available.get(number), { reference, purchasedAt, deletionLock });
	},
	seed: (store, entry, i, createdAt) => acquire(store, entry, { reference: `Seeded ${i + 1}`, purchasedAt: createdAt }),
	/** Newest first, as Telnyx lists them. */
	ownedSorted: (store) => [...store.owned.values()].sort((a, b) => b.seq - a.seq),

	authenticate(call, config) {
		const match = /^Bearer\s+(\S+)$/i.exec(String(call.headers.authorization ?? ''));
		if (match && match[1] === config.telnyx.apiKey) return undefined;
		const note = match ? 'wrong API key' : 'no Bearer API key';
		return reply(401, telnyxErrorBody('10009', 'Authentication failed', 'The API key you provided is invalid or missing. Check the Authorization header (Bearer <API key>).'), note);
	},
	errorBody: (status) => {
		if (status === 429) return telnyxErrorBody('10011', 'Too many requests', 'You have exceeded the rate limit. Slow down and try again.');
		if (status >= 500) return telnyxErrorBody('10007', 'Unexpected error', 'An unexpected error occurred.');
		return telnyxErrorBody(String(10000 + (status % 100)), http.STATUS_CODES[status] ?? 'Error', http.STATUS_CODES[status] ?? 'Error');
	},
	notFound: (note) => reply(404, telnyxErrorBody('10005', 'Resource not found', 'The requested resource or URL could not be found.'), note),
	methodNotAllowed: (allowed) => ({
		...reply(405, telnyxErrorBody('10405', 'Method not allowed', `Allowed: ${allowed.join(', ')}`), `allowed: ${allowed.join(', ')}`),
		headers: { Allow: allowed.join(', ') },
	}),

	routes: [
		['GET', '/v2/available_phone_numbers', 'search', search],
		['POST', '/v2/number_orders', 'purchase', createOrder],
		['GET', '/v2/number_orders', 'order list', listOrders],
		['GET', '/v2/number_orders/:id', 'order get', getOrder],
		['GET', '/v2/phone_numbers', 'list', listNumbers],
		['GET', '/v2/phone_numbers/:id', 'get', getNumber],
		['PATCH', '/v2/phone_numbers/:id', 'update', updateNumber],
		['DELETE', '/v2/phone_numbers/:id', 'release', releaseNumber],
		['PATCH', '/v2/phone_numbers/:id/messaging', 'messaging update', updateMessaging],
		['POST', '/v2/texml_applications', 'texml application create', createTexmlApplication],
		['DELETE', '/v2/texml_applications/:id', 'texml application delete', deleteTexmlApplication],
		['POST', '/v2/messaging_profiles', 'messaging profile create', createMessagingProfile],
		['DELETE', '/v2/messaging_profiles/:id', 'messaging profile delete', deleteMessagingProfile],
		['POST', '/v2/messages', 'message send', sendMessage],
		['GET', '/v2/10dlc/brand', 'brands', listBrands],
		['GET', '/v2/10dlc/campaign', 'campaigns', listCampaigns],
		['POST', '/v2/10dlc/phone_number_campaigns', 'campaign assign', assignNumber],
		['GET', '/v2/10dlc/phone_number_campaigns/:phoneNumber', 'campaign number', getAssignment],
		['DELETE', '/v2/10dlc/phone_number_campaigns/:phoneNumber', 'campaign unassign', deleteAssignment],
	],
	/** The campaigns by key, as the other modules name theirs (tests and examples). */
	campaignIds: TELNYX_CAMPAIGN_IDS,
	/** Each assignment's status, for snapshots: [{number, campaign, state}]. */
	assignments: (store) => [...tenDlc(store).assignments].map(([number, assignment]) => ({ number, campaign: assignment.campaign.campaignId, state: assignment.status })),
	/** The number a logged order bought: its first phone number, as digits. */
	purchasedNumber: (request) => String(request.body?.phone_numbers?.[0]?.phone_number ?? '').replace('+', ''),

	inbound: {
		target: inboundTarget,
		payload: inboundPayload,
		encode: (payload, event) =>
			event === 'message'
				? { contentType: 'application/json', body: JSON.stringify(payload) }
				: { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(payload).toString() },
		sign(config, _url, _payload, rawBody) {
			const timestamp = String(Math.floor(config.now().getTime() / 1000));
			const { privateKey } = signing.telnyxKeyPair(config.telnyx.signingSeed);
			return { 'telnyx-timestamp': timestamp, 'telnyx-signature-ed25519': signing.telnyxSignature(privateKey, timestamp, rawBody) };
		},
		/** Telnyx's retry of a message webhook: the same event (`data.id`), `meta.attempt` one up ("the number of times the callback webhook has been attempted"). */
		retry: (payload, event) => (event === 'message' && payload.meta ? { ...payload, meta: { ...payload.meta, attempt: Number(payload.meta.attempt ?? 1) + 1 } } : payload),
		tamper(payload, event) {
			if (event === 'message') payload.data.payload.text = `${payload.data.payload.text} (changed on the way)`;
			else payload.From = '+19005550199';
		},
	},

	TELNYX_REQUIREMENT_GROUPS,
	numberId,
};
