'use strict';

/**
 * Plivo in the stand-in: https://api.plivo.com/v1/Account/{auth_id}/ for its phone-number and
 * application endpoints, and the webhooks a number's application receives. The module shape is
 * described in providers/index.js; the server core (../server.js) does everything else.
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { Rejection, reply, safeDecode, parseJson, isPlainObject, isJsonContentType, basicCredentials, intParam, addMonth, sameText, rule, orNull, isString, isHttpUrl, oneOf } = require('../helpers');
const signing = require('../webhook-signing');
const { CAMPAIGNS, REFUSED_NUMBERS } = require('../campaigns');

/** Obviously fake credentials; override them with createSandbox({ plivo: {...} }). */
const CREDENTIALS = Object.freeze({ authId: 'MATESTACCOUNT0000001', authToken: 'plivo-test-token' });

/** Numbers the account holds at start (and after reset). */
const INITIAL_OWNED = [
	{ number: '14155550129', alias: 'Sandbox main line', addedOn: '2024-03-01' },
	{ number: '442079460109', alias: 'London office', addedOn: '2024-06-12' },
];

/** Country codes whose numbers need verification documents before activation. */
const VERIFICATION_COUNTRY_CODES = ['49', '33'];

/**
 * The sandbox account's compliance applications (id -> country, status). A purchase in a
 * regulated country with an accepted one is active at once; otherwise it is pending.
 */
const PLIVO_COMPLIANCE_APPLICATIONS = Object.freeze({
	'c0a1de00-0000-4000-8000-00000000acce': Object.freeze({ country: 'DE', status: 'accepted' }),
	'c0a1de00-0000-4000-8000-0000000050b1': Object.freeze({ country: 'DE', status: 'submitted' }),
	'c0a1f600-0000-4000-8000-00000000acce': Object.freeze({ country: 'FR', status: 'accepted' }),
});

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
		// application_type to sip_uri: declared by the SDK's RetrieveApplicationResponse (plivoSdkAnswers.test.cts).
		application_type: 'XML',
		default_app: false,
		default_endpoint_app: false,
		enabled: true,
		log_incoming_message: true,
		public_uri: false,
		sip_uri: `sip:${appId}@app.plivo.com`,
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
	// A released number leaves its campaign too.
	for (const { numbers } of plivoCampaignState(ctx.store).values()) numbers.delete(record.entry.digits);
	ctx.store.available.set(record.entry.digits, record.entry);
	return reply(204, undefined, record.entry.digits);
}
// ---------------------------------------------------------------------------------------------
// 10DLC campaigns: /v1/Account/{auth_id}/10dlc/Campaign/... (the plivo SDK's campaign.list,
// getNumber, linkNumber, unlinkNumber). A number linked to a campaign is "PROCESSING" until it has
// been looked at `linkLooks` times (GET .../Number/{number}/), then "COMPLETED", or "FAILED" for a
// number the carriers refuse. Only ACTIVE campaigns take numbers.
// ---------------------------------------------------------------------------------------------

/** The stand-in's campaigns (../campaigns.js) in Plivo's words: The Campaign Registry's IDs (C + 6 characters), registration_status ACTIVE, PROCESSING, FAILED. */
const PLIVO_CAMPAIGN_IDS = { 'order-updates': 'CSNDBX1', 'spring-promotions': 'CSNDBX2', 'carrier-review': 'CSNDBX5', 'appointment-reminders': 'CSNDBX3', sweepstakes: 'CSNDBX4' };
const PLIVO_REGISTRATION = { approved: 'ACTIVE', review: 'PROCESSING', rejected: 'FAILED' };
const PLIVO_CAMPAIGNS = CAMPAIGNS.map((campaign) => ({
	campaign_id: PLIVO_CAMPAIGN_IDS[campaign.key],
	brand_id: `BSNDBX${campaign.brand + 1}`,
	campaign_alias: campaign.name,
	usecase: campaign.useCase,
	registration_status: PLIVO_REGISTRATION[campaign.registration],
	linkLooks: campaign.looks,
}));

/** The campaigns' state, created with the store (and again on reset): campaign id -> {campaign, numbers: Map digits -> link}. */
function plivoCampaignState(store) {
	store.campaigns ??= new Map(PLIVO_CAMPAIGNS.map((campaign) => [campaign.campaign_id, { campaign, numbers: new Map() }]));
	return store.campaigns;
}

function plivoCampaign(ctx) {
	const found = plivoCampaignState(ctx.store).get(ctx.params.campaignId);
	if (!found) throw plivoError(404, 'campaign not found', `no campaign ${ctx.params.campaignId}`);
	return found;
}

const plivoCampaignResource = ({ linkLooks, ...campaign }) => ({
	...campaign,
	mno_metadata: { 'AT&T': { tpm: 240 }, 'T-Mobile': { brand_tier: 'LOW' }, 'US Cellular': { tpm: 240 }, 'Verizon Wireless': { tpm: 240 } },
	reseller_id: '',
	campaign_source: 'plivo',
	created_at: '2025-01-06T15:00:00.000000Z',
});

/** GET 10dlc/Campaign/: {api_id, campaigns, meta: {limit, offset, next, previous, total_count}}. */
function plivoCampaignList(ctx) {
	const limit = intParam(ctx.query, 'limit', { def: 20, min: 1, max: 20 }, plivoBadRequest);
	const offset = intParam(ctx.query, 'offset', { def: 0, min: 0 }, plivoBadRequest);
	const unknown = [...ctx.query.keys()].filter((key) => !['limit', 'offset', 'brand_id', 'usecase', 'registration_status', 'campaign_source'].includes(key));
	if (unknown.length) throw plivoBadRequest(`unknown parameter '${unknown[0]}'`);
	const all = [...plivoCampaignState(ctx.store).values()]
		.map(({ campaign }) => campaign)
		.filter((campaign) => ['brand_id', 'usecase', 'registration_status'].every((key) => !ctx.query.has(key) || campaign[key] === ctx.query.get(key)));
	const page = all.slice(offset, offset + limit);
	const url = (at) => `/v1/Account/${ctx.config.plivo.authId}/10dlc/Campaign/?limit=${limit}&offset=${at}`;
	const meta = { limit, offset, next: offset + limit < all.length ? url(offset + limit) : null, previous: offset > 0 ? url(Math.max(0, offset - limit)) : null, total_count: all.length };
	return reply(200, plivoBody({ campaigns: page.map(plivoCampaignResource), meta }), `${page.length} of ${all.length} campaigns`);
}

/** POST 10dlc/Campaign/{id}/Number/ with {numbers: [digits], url?, method?}. */
function plivoLinkNumbers(ctx) {
	const { campaign, numbers: linked } = plivoCampaign(ctx);
	const body = plivoJsonBody(ctx);
	plivoCheckFields(body, {
		numbers: rule('a list of numbers', (value) => Array.isArray(value) && value.length > 0 && value.every(isString)),
		url: rule('an http(s) URL', isHttpUrl),
		method: rule('GET or POST', oneOf(['GET', 'POST'])),
		subaccount_id: rule('a string', isString),
	});
	if (body.numbers === undefined) throw plivoBadRequest('numbers is required');
	if (campaign.registration_status !== 'ACTIVE') throw plivoBadRequest(`Campaign ${campaign.campaign_id} is not active (${campaign.registration_status}): numbers can be linked once it is approved`);
	for (const number of body.numbers) {
		const record = ctx.store.owned.get(number);
		if (!/^\d{8,15}$/.test(number) || !record) throw plivoBadRequest(`The number ${number} is not a valid number`);
		if (record.entry.iso !== 'US' || record.entry.type !== 'local') throw plivoBadRequest(`The number ${number} is not a US 10DLC number`);
		for (const other of plivoCampaignState(ctx.store).values()) {
			if (other.numbers.get(number)?.status === 'FAILED') other.numbers.delete(number);
			else if (other.numbers.has(number)) throw plivoBadRequest(`The number ${number} is already requested for linking`);
		}
	}
	for (const number of body.numbers) linked.set(number, { status: 'PROCESSING', looks: 0 });
	return reply(202, plivoBody({ message: 'Request to link numbers to campaign received and is being processed' }), `${body.numbers.join(',')} -> ${campaign.campaign_id}`);
}

/** GET 10dlc/Campaign/{id}/Number/{number}/: each look brings a link nearer to COMPLETED. */
function plivoCampaignNumber(ctx) {
	const { campaign, numbers } = plivoCampaign(ctx);
	const number = plivoNumberParam(ctx);
	const link = numbers.get(number);
	if (!link) throw plivoError(404, `The number ${number} is not linked to this campaign`);
	if (link.status === 'PROCESSING') {
		link.looks++;
		if (REFUSED_NUMBERS.includes(number)) link.status = 'FAILED';
		else if (link.looks >= campaign.linkLooks) link.status = 'COMPLETED';
	}
	return reply(200, plivoBody({
		campaign_id: campaign.campaign_id,
		campaign_alias: campaign.campaign_alias,
		usecase: campaign.usecase,
		phone_numbers: [{ number, status: link.status }],
	}), `${number} ${link.status} (look ${link.looks})`);
}

/** DELETE 10dlc/Campaign/{id}/Number/{number}/. */
function plivoUnlinkNumber(ctx) {
	const { campaign, numbers } = plivoCampaign(ctx);
	const number = plivoNumberParam(ctx);
	if (!numbers.has(number)) throw plivoError(404, `The number ${number} is not linked to this campaign`);
	numbers.delete(number);
	return reply(202, plivoBody({ message: 'Request to unlink number from campaign received and is being processed' }), `${number} out of ${campaign.campaign_id}`);
}

// ---------------------------------------------------------------------------------------------
// Inbound webhooks: a message (message_url) or call (answer_url) of the number's application,
// signed with signature V3 (the Auth Token); numbers are digits without "+".
// ---------------------------------------------------------------------------------------------

function inboundTarget(store, digits, event) {
	const record = store.owned.get(digits);
	if (!record) throw new Error(`${digits} is not a Plivo number of this stand-in`);
	const app = [...store.applications.values()].find((a) => a.resource_uri === record.resource.application);
	const url = app && (event === 'message' ? app.message_url : app.answer_url);
	if (!url) throw new Error(`${digits} has no application with a ${event === 'message' ? 'message_url' : 'answer_url'}`);
	return { url };
}

function inboundPayload({ digits, from, event, text, media }) {
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

module.exports = {
	id: 'plivo',
	name: 'Plivo',
	prefix: '/v1/Account/',
	credentials: CREDENTIALS,
	configure: (options) => ({ plivoPendingStatus: options.plivoPendingStatus ?? 'pending' }),
	describe: (config, baseUrl) => `API Base URL ${baseUrl}, auth id ${config.plivo.authId}, token ${config.plivo.authToken}`,
	/** The node's credential for this stand-in (the demo, e2e and live tests import it into n8n). */
	n8nCredential: {
		type: 'plivoNumbersApi',
		data: (baseUrl, account) => ({ authId: account.authId, authToken: account.authToken, baseUrl }),
	},
	sells: () => true,
	key: (entry) => entry.digits,
	initial(store, config) {
		for (const { number, alias, addedOn } of INITIAL_OWNED) plivoAcquire(store, store.available.get(number), { authId: config.plivo.authId, alias, addedOn });
		plivoCampaignState(store);
	},
	seed: (store, entry, i, createdAt, config) => plivoAcquire(store, entry, { authId: config.plivo.authId, alias: `Seeded ${i + 1}`, addedOn: createdAt.slice(0, 10) }),
	/** In the order added. */
	ownedSorted: (store) => [...store.owned.values()].sort((a, b) => a.seq - b.seq),

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
	/**
	 * Plivo paths end with "/". Without it we answer 404 rather than redirect, so a node that drops
	 * the slash fails here, loudly, instead of depending on redirects being followed.
	 */
	unrouted(call, routed) {
		const { pathname } = call.url;
		if (pathname.endsWith('/') || !routed(`${pathname}/`)) return undefined;
		return this.notFound('missing trailing slash', `not found: Plivo paths end with "/" (${pathname}/)`);
	},

	routes: [
		['GET', '/v1/Account/:authId/', 'account', plivoAccount],
		['GET', '/v1/Account/:authId/PhoneNumber/', 'search', plivoSearch],
		['POST', '/v1/Account/:authId/PhoneNumber/:number/', 'purchase', plivoPurchase],
		['GET', '/v1/Account/:authId/Number/', 'list', plivoOwnedList],
		['GET', '/v1/Account/:authId/Number/:number/', 'get', plivoGet],
		['POST', '/v1/Account/:authId/Number/:number/', 'update', plivoUpdate],
		['DELETE', '/v1/Account/:authId/Number/:number/', 'release', plivoRelease],
		['GET', '/v1/Account/:authId/Application/', 'application list', plivoAppList],
		['POST', '/v1/Account/:authId/Application/', 'application create', plivoAppCreate],
		['GET', '/v1/Account/:authId/Application/:appId/', 'application get', plivoAppGet],
		['DELETE', '/v1/Account/:authId/Application/:appId/', 'application delete', plivoAppDelete],
		['GET', '/v1/Account/:authId/10dlc/Campaign/', 'campaigns', plivoCampaignList],
		['POST', '/v1/Account/:authId/10dlc/Campaign/:campaignId/Number/', 'campaign link', plivoLinkNumbers],
		['GET', '/v1/Account/:authId/10dlc/Campaign/:campaignId/Number/:number/', 'campaign number', plivoCampaignNumber],
		['DELETE', '/v1/Account/:authId/10dlc/Campaign/:campaignId/Number/:number/', 'campaign unlink', plivoUnlinkNumber],
	],
	/** The number a logged purchase bought: the path's {number}. */
	purchasedNumber: (request) => request.path.split('/')[5],
	/** The campaigns by key, as the SignalWire module names its own (tests and examples). */
	campaignIds: PLIVO_CAMPAIGN_IDS,
	/** Each linked number's status, for snapshots: [{number, campaign, state}]. */
	assignments: (store) => [...plivoCampaignState(store)].flatMap(([campaign, { numbers }]) => [...numbers].map(([number, link]) => ({ number, campaign, state: link.status }))),

	inbound: {
		target: inboundTarget,
		payload: inboundPayload,
		sign(config, url, payload) {
			const nonce = String(crypto.randomInt(1e9, 1e10)) + String(crypto.randomInt(1e9, 1e10));
			return { 'x-plivo-signature-v3': signing.plivoV3Signature(config.plivo.authToken, url, payload, nonce), 'x-plivo-signature-v3-nonce': nonce };
		},
		tamper(payload, event) {
			if (event === 'message') payload.Text = `${payload.Text} (changed on the way)`;
			else payload.From = '19005550199';
		},
	},

	PLIVO_COMPLIANCE_APPLICATIONS,
};
