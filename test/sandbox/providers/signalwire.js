'use strict';

/**
 * SignalWire in the stand-in: Relay REST (https://{space}.signalwire.com/api/relay/rest) for its
 * phone-number endpoints, and the LaML webhooks a number sends. The module shape is described in
 * providers/index.js; the server core (../server.js) does everything else.
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { Rejection, reply, E164, UUID, stableUuid, parseJson, isPlainObject, isJsonContentType, basicCredentials, intParam, addMonth, sameText, rule, isString, isHttpUrl, oneOf } = require('../helpers');
const { ALL_CAPABILITIES } = require('../inventory');
const signing = require('../webhook-signing');
const { CAMPAIGNS, REFUSED_NUMBERS } = require('../campaigns');

/** Obviously fake credentials; override them with createSandbox({ signalwire: {...} }). */
const CREDENTIALS = Object.freeze({ projectId: 'sw-test-project', apiToken: 'sw-test-token', signingKey: 'sw-test-signing-key' });

/** Numbers the account holds at start (and after reset). */
const INITIAL_OWNED = [
	{ number: '+14155550129', name: 'Sandbox main line', createdAt: '2024-03-01T17:00:00.000Z' },
	{ number: '+18885550119', name: 'Sandbox support line', createdAt: '2024-06-12T09:30:00.000Z' },
];

// ---------------------------------------------------------------------------------------------
// Relay REST: https://{space}.signalwire.com/api/relay/rest
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

/**
 * A complete PhoneNumberResponse: every field SignalWire's OpenAPI spec requires, and no other
 * (the spec closes the object; test/signalwireSpec.test.cts checks every answer against it).
 */
function swPhoneNumber(entry, { id, name = null, createdAt }) {
	return {
		id,
		number: entry.e164,
		name,
		capabilities: [...entry.capabilities],
		number_type: swNumberType(entry.e164),
		e911_address_id: null,
		e911_status: null,
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

/**
 * A number as an answer shows it: the record, plus the option signalWireExtraFields (fields the
 * spec does not have, e.g. {cnam: null}: tests that the node takes what SignalWire may add later).
 */
function swShown(ctx, resource) {
	const extra = ctx.config.signalWireExtraFields;
	return extra ? { ...resource, ...extra } : resource;
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
	// One page: the spec's links require self and first, and both are this search.
	const self = `${ctx.origin}${ctx.url.pathname}${ctx.url.search}`;
	return reply(200, { links: { self, first: self }, data: matches.map(toItem) }, `${matches.length} found`);
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
	return reply(200, swShown(ctx, record.resource), number);
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
		.map((record) => swShown(ctx, record.resource))
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
	return reply(200, swShown(ctx, record.resource), record.entry.e164);
}


const SW_URL_FIELDS = [
	'call_request_url', 'call_fallback_url', 'call_status_callback_url', 'call_relay_topic_status_callback_url',
	'call_relay_script_url', 'call_relay_context_status_callback_url', 'message_request_url', 'message_fallback_url',
];
const SW_TEXT_FIELDS = [
	'name', 'call_laml_application_id', 'call_dialogflow_agent_id', 'call_relay_topic', 'call_relay_context',
	'call_relay_application', 'call_relay_connector_id', 'call_verto_resource',
	'message_laml_application_id', 'message_relay_topic', 'message_relay_context', 'message_relay_application',
];
const SW_METHOD_FIELDS = [
	'call_request_method', 'call_fallback_method', 'call_status_callback_method', 'message_request_method', 'message_fallback_method',
];

/**
 * UpdatePhoneNumberRequest (SignalWire's OpenAPI spec): every field is optional and none is
 * nullable; text fields take an empty string, which clears them. URLs must be absolute http(s)
 * URLs (the docs), handlers and methods names from their lists, call_video_room_id a UUID.
 */
const clearedOr = (test) => (value) => value === '' || test(value);
const SW_UPDATE_RULES = {
	...Object.fromEntries(SW_TEXT_FIELDS.map((field) => [field, rule('a string', isString)])),
	...Object.fromEntries(SW_URL_FIELDS.map((field) => [field, rule('an http(s) URL, or "" to clear it', clearedOr(isHttpUrl))])),
	...Object.fromEntries(SW_METHOD_FIELDS.map((field) => [field, rule('GET or POST', oneOf(['GET', 'POST']))])),
	call_handler: rule(`one of ${SW_UPDATABLE_CALL_HANDLERS.join(', ')}`, oneOf(SW_UPDATABLE_CALL_HANDLERS)),
	message_handler: rule(`one of ${SW_MESSAGE_HANDLERS.join(', ')}`, oneOf(SW_MESSAGE_HANDLERS)),
	call_receive_mode: rule('voice or fax', oneOf(['voice', 'fax'])),
	call_video_room_id: rule('a UUID', (value) => isString(value) && UUID.test(value)),
	// A string in the request, but a UUID (or null) in the number answered: nothing else can be kept.
	call_sip_endpoint_id: rule('a UUID, or "" to clear it', clearedOr((value) => isString(value) && UUID.test(value))),
};
/** Fields the answer types as a UUID or null: "" clears them to null. */
const SW_UUID_FIELDS = ['call_sip_endpoint_id'];

function swUpdate(ctx) {
	const record = swOwnedRecord(ctx);
	const body = swJsonBody(ctx);
	swRejectUnknown(body, Object.keys(SW_UPDATE_RULES));
	for (const [field, value] of Object.entries(body)) {
		const { expected, test } = SW_UPDATE_RULES[field];
		if (!test(value)) throw sw.invalid(`${field} must be ${expected} (got ${JSON.stringify(value)})`);
	}
	// Only fields the response schema has are shown back (message_relay_application is write-only).
	for (const [field, value] of Object.entries(body)) {
		if (field in record.resource) record.resource[field] = value === '' && SW_UUID_FIELDS.includes(field) ? null : value;
	}
	record.resource.updated_at = ctx.now().toISOString();
	return reply(200, swShown(ctx, record.resource), `${record.entry.e164} ${Object.keys(body).join(',') || '(no changes)'}`);
}

function swRelease(ctx) {
	const record = swOwnedRecord(ctx);
	ctx.store.owned.delete(ctx.params.id);
	// A released number leaves its campaign too.
	const { assignments } = swRegistry(ctx.store);
	for (const [id, assignment] of assignments) if (assignment.number === record.entry.e164) assignments.delete(id);
	ctx.store.available.set(record.entry.e164, record.entry);
	return reply(204, undefined, record.entry.e164);
}
// ---------------------------------------------------------------------------------------------
// Campaign Registry (10DLC): /api/relay/rest/registry/beta/... (signalwire/docs
// specs/signalwire-rest/relay-rest/campaign-registry). Brands own campaigns; an assignment order
// (POST /campaigns/{id}/orders) puts numbers into a campaign later: the order is "pending" until
// it has been looked at `orderLooks` times (GET /orders/{id}), then "processed", and each number's
// assignment (GET /campaigns/{id}/numbers) goes from "pending" to "completed", or to "failed" for
// a number the carriers refuse. The spec documents no paging parameters for these lists: they come
// in one page (links without next).
// ---------------------------------------------------------------------------------------------

const REGISTRY = '/api/relay/rest/registry/beta';
const REGISTRY_EPOCH = '2025-01-06T15:00:00.000Z';

const SW_BRANDS = [
	{ key: 'coffee', name: 'Sandbox Coffee', company_name: 'Sandbox Coffee Inc.', state: 'completed' },
	{ key: 'clinic', name: 'Sandbox Clinic', company_name: 'Sandbox Clinic LLC', state: 'completed' },
];

/** The stand-in's campaigns (../campaigns.js) in SignalWire's words: CampaignState active, pending, inactive. */
const SW_CAMPAIGN_STATES = { approved: 'active', review: 'pending', rejected: 'inactive' };
const SW_CAMPAIGNS = CAMPAIGNS.map((campaign) => ({
	key: campaign.key,
	brand: SW_BRANDS[campaign.brand].key,
	name: campaign.name,
	sms_use_case: campaign.useCase,
	state: SW_CAMPAIGN_STATES[campaign.registration],
	orderLooks: campaign.looks,
}));

/** Numbers the carriers refuse: their assignment fails when the order is processed (toll-free numbers too). */
const SW_REFUSED_NUMBERS = REFUSED_NUMBERS.map((digits) => `+${digits}`);

const swRegistryId = (kind, key) => stableUuid('signalwire', kind, key);

/** The registry's state, created with the store (and again on reset). */
function swRegistry(store) {
	if (!store.registry) {
		const brands = new Map(SW_BRANDS.map((brand) => [swRegistryId('brand', brand.key), brand]));
		const campaigns = new Map(SW_CAMPAIGNS.map((campaign) => [swRegistryId('campaign', campaign.key), { ...campaign, brandId: swRegistryId('brand', campaign.brand) }]));
		store.registry = { brands, campaigns, orders: new Map(), assignments: new Map(), seq: 0 };
	}
	return store.registry;
}

const swOnePage = (ctx, data) => {
	const self = `${ctx.origin}${ctx.url.pathname}${ctx.url.search}`;
	return { links: { self, first: self }, data };
};

function swRegistryEntity(ctx, map, kind) {
	const entity = UUID.test(ctx.params.id) ? map.get(ctx.params.id.toLowerCase()) : undefined;
	if (!entity) throw sw.notFound(`no ${kind} ${ctx.params.id}`);
	return entity;
}

const swBrandResource = (id, brand) => ({ id, state: brand.state, name: brand.name, company_name: brand.company_name, csp_self_registered: false, created_at: REGISTRY_EPOCH, updated_at: REGISTRY_EPOCH });
const swCampaignResource = (id, campaign) => ({ id, name: campaign.name, state: campaign.state, sms_use_case: campaign.sms_use_case, created_at: REGISTRY_EPOCH, updated_at: REGISTRY_EPOCH });

function swFilteredBy(ctx, items, fields) {
	const name = ctx.query.get('filter_name');
	const state = ctx.query.get('filter_state');
	return items.filter(([, item]) => (name === null || fields.name(item).toLowerCase().includes(name.toLowerCase())) && (state === null || item.state === state));
}

function swRejectUnknownQuery(ctx, allowed) {
	const unknown = [...ctx.query.keys()].filter((key) => !allowed.includes(key));
	if (unknown.length) throw sw.badRequest(`unknown query parameter: ${unknown.join(', ')}`);
}

function swBrands(ctx) {
	swRejectUnknownQuery(ctx, ['filter_name', 'filter_state']);
	const { brands } = swRegistry(ctx.store);
	const data = swFilteredBy(ctx, [...brands], { name: (brand) => brand.name }).map(([id, brand]) => swBrandResource(id, brand));
	return reply(200, swOnePage(ctx, data), `${data.length} brands`);
}

function swBrandCampaigns(ctx) {
	swRejectUnknownQuery(ctx, ['filter_name', 'filter_state']);
	const registry = swRegistry(ctx.store);
	const brandId = ctx.params.id.toLowerCase();
	swRegistryEntity(ctx, registry.brands, 'brand');
	const mine = [...registry.campaigns].filter(([, campaign]) => campaign.brandId === brandId);
	const data = swFilteredBy(ctx, mine, { name: (campaign) => campaign.name }).map(([id, campaign]) => swCampaignResource(id, campaign));
	return reply(200, swOnePage(ctx, data), `${data.length} campaigns`);
}

function swAssignmentResource(assignment) {
	const phone = { id: assignment.phoneId, number: assignment.number };
	if (assignment.name) phone.name = assignment.name;
	return { id: assignment.id, state: assignment.state, campaign_id: assignment.campaignId, phone_number: phone, created_at: assignment.createdAt, updated_at: assignment.updatedAt };
}

function swCampaignNumbers(ctx) {
	swRejectUnknownQuery(ctx, ['filter_state']);
	const registry = swRegistry(ctx.store);
	swRegistryEntity(ctx, registry.campaigns, 'campaign');
	const campaignId = ctx.params.id.toLowerCase();
	const state = ctx.query.get('filter_state');
	const data = [...registry.assignments.values()]
		.filter((assignment) => assignment.campaignId === campaignId && (state === null || assignment.state === state))
		.map(swAssignmentResource);
	return reply(200, swOnePage(ctx, data), `${data.length} assigned`);
}

const swOrderResource = (order) => ({
	id: order.id,
	state: order.state,
	...(order.processedAt ? { processed_at: order.processedAt } : {}),
	created_at: order.createdAt,
	updated_at: order.updatedAt,
});

/** POST /campaigns/{id}/orders: CreateOrderRequest {phone_numbers: [E.164], status_callback_url?}. */
function swCreateOrder(ctx) {
	const registry = swRegistry(ctx.store);
	const campaign = swRegistryEntity(ctx, registry.campaigns, 'campaign');
	const campaignId = ctx.params.id.toLowerCase();
	const body = swJsonBody(ctx);
	swRejectUnknown(body, ['phone_numbers', 'status_callback_url']);
	const numbers = body.phone_numbers;
	if (!Array.isArray(numbers) || numbers.length === 0) throw sw.invalid('phone_numbers must be a list of phone numbers in E.164 format', 'missing_parameter', 'Missing Parameter');
	if (campaign.state !== 'active') throw sw.invalid(`Campaign ${campaign.name} is ${campaign.state}: numbers can be assigned once it is active`, 'campaign_not_active', 'Campaign Not Active');
	const owned = [...ctx.store.owned.values()];
	for (const number of numbers) {
		if (typeof number !== 'string' || !E164.test(number)) throw sw.invalid(`phone_numbers must be in E.164 format like +14155550100 (got ${JSON.stringify(number)})`);
		if (!owned.some((record) => record.entry.e164 === number)) throw sw.invalid(`Phone number ${number} is not in this project`, 'phone_number_not_found', 'Phone Number Not Found');
		const taken = [...registry.assignments.values()].find((assignment) => assignment.number === number && assignment.state !== 'failed');
		if (taken) throw sw.invalid(`Phone number ${number} is already assigned to a campaign`, 'phone_number_already_assigned', 'Phone Number Already Assigned');
	}
	const now = ctx.now().toISOString();
	const order = { id: stableUuid('signalwire', 'order', ++registry.seq), campaignId, state: 'pending', looks: 0, createdAt: now, updatedAt: now, assignments: [] };
	for (const number of numbers) {
		const record = owned.find((candidate) => candidate.entry.e164 === number);
		const assignment = { id: stableUuid('signalwire', 'assignment', ++registry.seq), campaignId, number, phoneId: record.resource.id, name: record.resource.name, state: 'pending', createdAt: now, updatedAt: now };
		registry.assignments.set(assignment.id, assignment);
		order.assignments.push(assignment.id);
	}
	registry.orders.set(order.id, order);
	return reply(200, swOrderResource(order), `order ${order.id} for ${numbers.join(', ')} (${campaign.name})`);
}

/** GET /orders/{id}: each look brings the order nearer to processed; then its assignments are done. */
function swGetOrder(ctx) {
	const registry = swRegistry(ctx.store);
	const order = swRegistryEntity(ctx, registry.orders, 'order');
	const campaign = registry.campaigns.get(order.campaignId);
	if (order.state === 'pending' || order.state === 'processing') {
		order.looks++;
		const now = ctx.now().toISOString();
		order.updatedAt = now;
		if (order.looks >= campaign.orderLooks) {
			order.state = 'processed';
			order.processedAt = now;
			for (const id of order.assignments) {
				const assignment = registry.assignments.get(id);
				if (!assignment) continue;
				const refused = SW_REFUSED_NUMBERS.includes(assignment.number) || swNumberType(assignment.number) === 'toll-free';
				assignment.state = refused ? 'failed' : 'completed';
				assignment.updatedAt = now;
			}
		} else {
			order.state = 'processing';
		}
	}
	return reply(200, swOrderResource(order), `order ${order.state} (look ${order.looks})`);
}

/** DELETE /numbers/{id}: removes an assignment. */
function swDeleteAssignment(ctx) {
	const registry = swRegistry(ctx.store);
	const assignment = swRegistryEntity(ctx, registry.assignments, 'assignment');
	registry.assignments.delete(assignment.id);
	return reply(204, undefined, `${assignment.number} out of its campaign`);
}

// ---------------------------------------------------------------------------------------------
// Inbound webhooks: a LaML (Twilio-compatible) message or call, posted to the number's
// {message,call}_request_url and signed with the project's Signing Key.
// ---------------------------------------------------------------------------------------------

function inboundTarget(store, digits, event) {
	const record = [...store.owned.values()].find((r) => r.entry.digits === digits);
	if (!record) throw new Error(`+${digits} is not a SignalWire number of this stand-in`);
	const number = record.resource;
	const handler = number[`${event}_handler`];
	const url = number[`${event}_request_url`];
	if (handler !== 'laml_webhooks' || !url) throw new Error(`+${digits} sends its ${event}s to ${handler ?? 'nothing'}, not to a LaML webhook`);
	return { url };
}

function inboundPayload({ config, digits, from, event, text, media }) {
	const common = { AccountSid: config.signalwire.projectId, From: `+${from}`, To: `+${digits}`, ApiVersion: '2010-04-01' };
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

module.exports = {
	id: 'signalwire',
	name: 'SignalWire',
	prefix: '/api/relay/rest/',
	credentials: CREDENTIALS,
	configure: (options) => ({
		signalWireSearchStyle: options.signalWireSearchStyle ?? 'current',
		signalWireExtraFields: options.signalWireExtraFields ?? null,
	}),
	describe: (config, baseUrl) => `API Base URL ${baseUrl}, project ${config.signalwire.projectId}, token ${config.signalwire.apiToken}`,
	/** The node's credential for this stand-in (the demo, e2e and live tests import it into n8n). */
	n8nCredential: {
		type: 'signalWireApi',
		data: (baseUrl, account) => ({
			spaceUrl: 'sandbox.signalwire.com',
			projectId: account.projectId,
			apiToken: account.apiToken,
			// The stand-in signs inbound webhooks with it (Phone Number Trigger).
			signingSecret: account.signingKey,
			baseUrl,
		}),
	},
	/** SignalWire sells US (and Canadian) numbers only. */
	sells: (block) => block.iso === 'US',
	key: (entry) => entry.e164,
	initial(store) {
		for (const { number, name, createdAt } of INITIAL_OWNED) swAcquire(store, store.available.get(number), { name, createdAt });
		swRegistry(store);
	},
	seed: (store, entry, i, createdAt) => swAcquire(store, entry, { name: `Seeded ${i + 1}`, createdAt }),
	ownedSorted: swOwnedSorted,

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

	/** One row per endpoint: method, path (":name" segments become ctx.params.name), operation, handler. */
	routes: [
		['GET', '/api/relay/rest/phone_numbers/search', 'search', swSearch],
		['GET', '/api/relay/rest/phone_numbers', 'list', swList],
		['POST', '/api/relay/rest/phone_numbers', 'purchase', swPurchase],
		['GET', '/api/relay/rest/phone_numbers/:id', 'get', swGet],
		['PUT', '/api/relay/rest/phone_numbers/:id', 'update', swUpdate],
		['DELETE', '/api/relay/rest/phone_numbers/:id', 'release', swRelease],
		['GET', `${REGISTRY}/brands`, 'brands', swBrands],
		['GET', `${REGISTRY}/brands/:id/campaigns`, 'campaigns', swBrandCampaigns],
		['GET', `${REGISTRY}/campaigns/:id/numbers`, 'campaign numbers', swCampaignNumbers],
		['POST', `${REGISTRY}/campaigns/:id/orders`, 'campaign order', swCreateOrder],
		['GET', `${REGISTRY}/orders/:id`, 'order', swGetOrder],
		['DELETE', `${REGISTRY}/numbers/:id`, 'campaign removal', swDeleteAssignment],
	],
	/** The number a logged purchase bought, as digits. */
	purchasedNumber: (request) => String(request.body?.number ?? '').replace(/^\+/, ''),
	/** The registry's campaigns by their key (tests and examples name them so). */
	campaignIds: Object.fromEntries(SW_CAMPAIGNS.map((campaign) => [campaign.key, swRegistryId('campaign', campaign.key)])),
	brandIds: Object.fromEntries(SW_BRANDS.map((brand) => [brand.key, swRegistryId('brand', brand.key)])),
	/** What each number's assignment is now, for snapshots: [{number, campaign, state}]. */
	assignments: (store) => [...swRegistry(store).assignments.values()].map((assignment) => ({ number: assignment.number, campaign: assignment.campaignId, state: assignment.state })),

	inbound: {
		target: inboundTarget,
		payload: inboundPayload,
		sign(config, url, payload) {
			const signed = signing.signalWireFormSignature(config.signalwire.signingKey, url, payload);
			return { 'x-signalwire-signature': signed, 'x-twilio-signature': signed };
		},
		tamper(payload, event) {
			if (event === 'message') payload.Body = `${payload.Body} (changed on the way)`;
			else payload.From = '+19005550199';
		},
	},
};
