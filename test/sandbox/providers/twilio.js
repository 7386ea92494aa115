'use strict';

/**
 * Twilio in the stand-in: the REST API 2010-04-01 (https://api.twilio.com/2010-04-01/Accounts/{AccountSid})
 * for its phone-number endpoints, and the TwiML webhooks a number sends. The module shape is described
 * in providers/index.js; the server core (../server.js) does everything else.
 *
 * Contract: Twilio's OpenAPI spec (twilio/twilio-oai spec/yaml/twilio_api_v2010.yaml, the parts the
 * node uses are vendored in test/specs/twilio.openapi.json): paths end in ".json", request bodies are
 * form-encoded, answers are the spec's schemas (test/twilioSpec.test.cts validates them), lists link to
 * the next page with `next_page_uri`, a path from the host. Errors are Twilio's JSON error, the fields
 * the twilio SDK's RestException reads: `{code, message, more_info, status}`.
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { Rejection, reply, basicCredentials, intParam, isHttpUrl, safeDecode } = require('../helpers');
const { ALL_CAPABILITIES } = require('../inventory');
const { CAMPAIGNS, REFUSED_NUMBERS } = require('../campaigns');
const signing = require('../webhook-signing');

/** Obviously fake credentials (SIDs of zeros and a 1); override them with createSandbox({ twilio: {...} }). */
const CREDENTIALS = Object.freeze({
	accountSid: 'AC00000000000000000000000000000001',
	authToken: 'twilio-test-token',
	apiKeySid: 'SK00000000000000000000000000000001',
	apiKeySecret: 'twilio-test-key-secret',
});

/** Numbers the account holds at start (and after reset). */
const INITIAL_OWNED = [
	{ number: '+14155550129', name: 'Sandbox main line', createdAt: '2024-03-01T17:00:00.000Z' },
	{ number: '+18885550119', name: 'Sandbox support line', createdAt: '2024-06-12T09:30:00.000Z' },
];

/**
 * The account's regulatory resources. German numbers need a local address (address_requirements
 * "local"): a purchase without AddressSid, or with an address of another country, is refused.
 */
const TWILIO_ADDRESSES = Object.freeze({
	AD00000000000000000000000000000de1: Object.freeze({ country: 'DE' }),
	AD00000000000000000000000000000051: Object.freeze({ country: 'US' }),
});

const API = '/2010-04-01';
const twilioUri = (accountSid, path) => `${API}/Accounts/${accountSid}${path}`;

// ---------------------------------------------------------------------------------------------
// Errors: {code, message, more_info, status}. Codes from Twilio's error reference where it has one
// for the case; 20001 ("invalid parameter") where the stand-in is stricter than Twilio documents.
// ---------------------------------------------------------------------------------------------

const twilioErrorBody = (status, code, message) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
const twilioError = (status, code, message) => new Rejection(reply(status, twilioErrorBody(status, code, message), message));
const invalidParameter = (message) => twilioError(400, 20001, message);
const notFoundBody = (path) => twilioErrorBody(404, 20404, `The requested resource ${path} was not found`);

/** What Twilio calls each status when it has no more specific words. */
const STATUS_CODES = { 400: 20001, 401: 20003, 403: 20403, 404: 20404, 405: 20004, 429: 20429, 500: 20500, 503: 20503 };

/** A SID of its kind ("PN", "SM", "CA"…) and 32 hex digits, derived from its inputs (the same on every run) or random. */
function twilioSid(prefix, ...parts) {
	const hex = parts.length ? crypto.createHash('sha256').update(parts.join('|')).digest('hex') : crypto.randomBytes(16).toString('hex');
	return `${prefix}${hex.slice(0, 32)}`;
}

/** RFC 2822, as Twilio writes dates: "Thu, 30 Jul 2015 23:19:04 +0000". */
const rfc2822 = (iso) => new Date(iso).toUTCString().replace('GMT', '+0000');

/** "(415) 555-0100" for North American numbers, the E.164 form elsewhere (Twilio's friendly_name). */
function friendlyNumber(entry) {
	if (entry.cc !== '1') return entry.e164;
	return `(${entry.national.slice(0, 3)}) ${entry.national.slice(3, 6)}-${entry.national.slice(6)}`;
}

const TYPE_OF = { Local: 'local', TollFree: 'tollfree', Mobile: 'mobile' };
const RECORD_TYPE = { local: 'local', tollfree: 'toll-free', mobile: 'mobile' };

/** none, or where the address must be: "local" (in the number's country) for the numbers with a restriction. */
const addressRequirements = (entry) => (entry.restriction ? 'local' : 'none');

function capabilities(entry) {
	return Object.fromEntries(ALL_CAPABILITIES.map((name) => [name, entry.capabilities.includes(name)]));
}

/** A complete IncomingPhoneNumber (api.v2010.account.incoming_phone_number). */
function incomingPhoneNumber(entry, { sid, accountSid, friendlyName, createdAt, settings = {} }) {
	return {
		account_sid: accountSid,
		address_sid: settings.AddressSid ?? null,
		address_requirements: addressRequirements(entry),
		api_version: '2010-04-01',
		beta: false,
		capabilities: capabilities(entry),
		date_created: rfc2822(createdAt),
		date_updated: rfc2822(createdAt),
		friendly_name: friendlyName ?? friendlyNumber(entry),
		identity_sid: settings.IdentitySid ?? null,
		phone_number: entry.e164,
		origin: 'twilio',
		sid,
		sms_application_sid: '',
		sms_fallback_method: 'POST',
		sms_fallback_url: '',
		sms_method: 'POST',
		sms_url: '',
		status_callback: '',
		status_callback_method: 'POST',
		trunk_sid: null,
		uri: twilioUri(accountSid, `/IncomingPhoneNumbers/${sid}.json`),
		voice_receive_mode: 'voice',
		voice_application_sid: '',
		voice_caller_id_lookup: false,
		voice_fallback_method: 'POST',
		voice_fallback_url: null,
		voice_method: 'POST',
		voice_url: null,
		emergency_status: 'Inactive',
		emergency_address_sid: null,
		emergency_address_status: 'unregistered',
		bundle_sid: settings.BundleSid ?? null,
		status: 'in-use',
		type: RECORD_TYPE[entry.type] ?? entry.type,
	};
}

function acquire(store, entry, { accountSid, friendlyName, createdAt, settings }) {
	store.available.delete(entry.e164);
	const seq = ++store.seq;
	const sid = twilioSid('PN', 'twilio', entry.e164, seq);
	const record = { seq, entry, resource: incomingPhoneNumber(entry, { sid, accountSid, friendlyName, createdAt, settings }) };
	store.owned.set(sid, record);
	if (settings) applySettings(record.resource, settings);
	return record;
}

// ---------------------------------------------------------------------------------------------
// Request parameters: queries, and form-encoded bodies (Twilio reads nothing else)
// ---------------------------------------------------------------------------------------------

/** The form fields of a POST; a body that is not form-encoded is refused. */
function formBody(ctx) {
	if (ctx.rawBody.trim() === '') return {};
	const type = String(ctx.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/x-www-form-urlencoded') {
		throw invalidParameter(`Twilio reads request parameters form-encoded (Content-Type: application/x-www-form-urlencoded), got ${type || 'no Content-Type'}`);
	}
	const fields = {};
	for (const [key, value] of new URLSearchParams(ctx.rawBody)) {
		if (key in fields) throw invalidParameter(`${key} is given more than once`);
		fields[key] = value;
	}
	return fields;
}

function rejectUnknown(params, allowed, where) {
	const unknown = Object.keys(params).filter((key) => !allowed.includes(key));
	if (unknown.length) throw invalidParameter(`Unknown ${where} parameter: ${unknown.join(', ')}; accepted: ${allowed.join(', ')}`);
}

const queryParams = (ctx) => Object.fromEntries(ctx.query);

const sidRule = (prefix) => (value) => value === '' || new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
const urlRule = (value) => value === '' || isHttpUrl(value);
const methodRule = (value) => ['GET', 'POST'].includes(value);

/**
 * The settings fields of CreateIncomingPhoneNumberRequest and UpdateIncomingPhoneNumberRequest that
 * the stand-in takes, with their form: URLs (absolute http(s), or "" to clear), GET/POST, SIDs of
 * their kind (or "" to clear), a friendly name of up to 64 characters.
 */
const SETTINGS = {
	FriendlyName: [(value) => value.length <= 64, 'at most 64 characters', 'friendly_name'],
	VoiceUrl: [urlRule, 'an absolute http(s) URL or empty', 'voice_url'],
	VoiceMethod: [methodRule, 'GET or POST', 'voice_method'],
	VoiceFallbackUrl: [urlRule, 'an absolute http(s) URL or empty', 'voice_fallback_url'],
	VoiceFallbackMethod: [methodRule, 'GET or POST', 'voice_fallback_method'],
	SmsUrl: [urlRule, 'an absolute http(s) URL or empty', 'sms_url'],
	SmsMethod: [methodRule, 'GET or POST', 'sms_method'],
	SmsFallbackUrl: [urlRule, 'an absolute http(s) URL or empty', 'sms_fallback_url'],
	SmsFallbackMethod: [methodRule, 'GET or POST', 'sms_fallback_method'],
	StatusCallback: [urlRule, 'an absolute http(s) URL or empty', 'status_callback'],
	StatusCallbackMethod: [methodRule, 'GET or POST', 'status_callback_method'],
	VoiceApplicationSid: [sidRule('AP'), 'an AP… SID or empty', 'voice_application_sid'],
	SmsApplicationSid: [sidRule('AP'), 'an AP… SID or empty', 'sms_application_sid'],
	TrunkSid: [sidRule('TK'), 'a TK… SID or empty', 'trunk_sid'],
	AddressSid: [sidRule('AD'), 'an AD… SID or empty', 'address_sid'],
	BundleSid: [sidRule('BU'), 'a BU… SID or empty', 'bundle_sid'],
	IdentitySid: [sidRule('RI'), 'an RI… SID or empty', 'identity_sid'],
};

function checkSettings(fields) {
	for (const [field, value] of Object.entries(fields)) {
		const rule = SETTINGS[field];
		if (rule && !rule[0](value)) throw invalidParameter(`${field} must be ${rule[1]} (got ${JSON.stringify(value)})`);
	}
}

/** Applies settings as Twilio does: a voice application and a trunk exclude each other. */
function applySettings(resource, fields) {
	for (const [field, value] of Object.entries(fields)) {
		const recordField = SETTINGS[field]?.[2];
		if (!recordField) continue;
		resource[recordField] = field === 'TrunkSid' && value === '' ? null : value;
	}
	if (fields.VoiceApplicationSid) resource.trunk_sid = null;
	if (fields.TrunkSid) resource.voice_application_sid = '';
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

function account(ctx) {
	const { accountSid } = ctx.config.twilio;
	const created = rfc2822('2024-01-15T10:00:00.000Z');
	return reply(200, {
		date_created: created,
		date_updated: created,
		friendly_name: 'Sandbox account',
		owner_account_sid: accountSid,
		sid: accountSid,
		status: 'active',
		subresource_uris: { incoming_phone_numbers: twilioUri(accountSid, '/IncomingPhoneNumbers.json') },
		type: 'Full',
		uri: `${API}/Accounts/${accountSid}.json`,
	}, 'account');
}

const SEARCH_QUERY = ['AreaCode', 'Contains', 'SmsEnabled', 'MmsEnabled', 'VoiceEnabled', 'FaxEnabled', 'InRegion', 'InLocality', 'PageSize', 'Page', 'PageToken'];

/** Twilio's Contains: digits (2 to 16), "+" at the start to anchor it there, "$" at the end to anchor it at the end, "*" for any one digit. */
function containsMatcher(pattern) {
	if (!/^\+?[0-9*]{2,16}\$?$/.test(pattern) || (pattern.match(/\d/g) ?? []).length < 2) {
		throw invalidParameter(`Contains must be 2 to 16 digits, with * for any digit, an optional leading + and trailing $ (got '${pattern}')`);
	}
	const body = pattern.replace(/^\+/, '').replace(/\$$/, '').replace(/\*/g, '\\d');
	const regex = new RegExp(`${pattern.startsWith('+') ? '^' : ''}${body}${pattern.endsWith('$') ? '$' : ''}`);
	return (entry) => regex.test(pattern.startsWith('+') ? entry.digits : entry.national);
}

function boolParam(params, name) {
	const value = params[name];
	if (value === undefined) return undefined;
	if (value !== 'true' && value !== 'false') throw invalidParameter(`${name} must be true or false (got '${value}')`);
	return value === 'true';
}

function search(ctx) {
	const params = queryParams(ctx);
	rejectUnknown(params, SEARCH_QUERY, 'search');
	const type = TYPE_OF[ctx.params.type];
	if (!type) throw new Rejection(reply(404, notFoundBody(ctx.url.pathname), `no ${ctx.params.type} numbers here`));
	const country = ctx.params.country;
	if (!/^[A-Z]{2}$/.test(country)) throw invalidParameter(`CountryCode must be an ISO 3166-1 alpha-2 code in capitals (got '${country}')`);
	const pageSize = intParam(ctx.query, 'PageSize', { def: 50, min: 1, max: 1000 }, invalidParameter);
	const areaCode = params.AreaCode;
	if (areaCode !== undefined) {
		if (!/^\d{3}$/.test(areaCode)) throw invalidParameter(`AreaCode must be 3 digits (got '${areaCode}')`);
		if (!['US', 'CA'].includes(country)) throw invalidParameter('AreaCode applies to US and Canadian numbers only');
	}
	const contains = params.Contains === undefined ? undefined : containsMatcher(params.Contains);
	const wanted = Object.fromEntries(['sms', 'mms', 'voice', 'fax'].map((name) => [name, boolParam(params, `${name[0].toUpperCase()}${name.slice(1)}Enabled`)]));
	const matches = [...ctx.store.available.values()]
		.filter((entry) => entry.iso === country && entry.type === type)
		.filter((entry) => areaCode === undefined || entry.areaCode === areaCode)
		.filter((entry) => !contains || contains(entry))
		.filter((entry) => params.InRegion === undefined || String(entry.region ?? '').toLowerCase() === params.InRegion.toLowerCase())
		.filter((entry) => params.InLocality === undefined || String(entry.city ?? '').toLowerCase() === params.InLocality.toLowerCase())
		.filter((entry) => Object.entries(wanted).every(([name, flag]) => flag === undefined || entry.capabilities.includes(name) === flag))
		.sort((a, b) => a.order - b.order)
		.slice(0, pageSize);
	const available = matches.map((entry) => ({
		friendly_name: friendlyNumber(entry),
		phone_number: entry.e164,
		lata: entry.lata,
		locality: entry.city,
		rate_center: entry.rateCenter,
		latitude: null,
		longitude: null,
		region: entry.region,
		postal_code: null,
		iso_country: entry.iso,
		address_requirements: addressRequirements(entry),
		beta: false,
		capabilities: capabilities(entry),
	}));
	return reply(200, { available_phone_numbers: available, uri: `${ctx.url.pathname}${ctx.url.search}` }, `${available.length} found`);
}

/** PageToken is bound to the query it was issued for, so a next_page_uri rebuilt by hand gets a 400. */
function pageToken(ctx, filters, pageSize, page) {
	return 'PA' + crypto.createHash('sha256').update(JSON.stringify([ctx.config.twilio.accountSid, filters, pageSize, page])).digest('hex').slice(0, 32);
}

/** Twilio's PhoneNumber filter: a number or a part of it, "*" for any one digit. */
function phoneNumberMatcher(filter) {
	const pattern = filter.replace(/\s/g, '+');
	if (!/^\+?[0-9*]+$/.test(pattern)) throw invalidParameter(`PhoneNumber must be a number or part of one, with * for any digit (got '${filter}')`);
	const regex = new RegExp(pattern.replace('+', '\\+').replace(/\*/g, '\\d'));
	return (number) => regex.test(number);
}

function list(ctx) {
	const params = queryParams(ctx);
	rejectUnknown(params, ['PhoneNumber', 'FriendlyName', 'Beta', 'Origin', 'PageSize', 'Page', 'PageToken'], 'list');
	const pageSize = intParam(ctx.query, 'PageSize', { def: 50, min: 1, max: 1000 }, invalidParameter);
	const page = intParam(ctx.query, 'Page', { def: 0, min: 0 }, invalidParameter);
	const filters = { PhoneNumber: params.PhoneNumber, FriendlyName: params.FriendlyName };
	if (page > 0 && params.PageToken !== pageToken(ctx, filters, pageSize, page)) {
		throw invalidParameter(`PageToken is missing or does not belong to this query (Page ${page}); follow next_page_uri`);
	}
	const matchesNumber = filters.PhoneNumber === undefined ? () => true : phoneNumberMatcher(filters.PhoneNumber);
	const numbers = [...ctx.store.owned.values()]
		.sort((a, b) => a.seq - b.seq)
		.map((record) => record.resource)
		.filter((resource) => matchesNumber(resource.phone_number))
		.filter((resource) => filters.FriendlyName === undefined || resource.friendly_name === filters.FriendlyName);
	const start = page * pageSize;
	const data = numbers.slice(start, start + pageSize);
	const uri = (at) => {
		const query = new URLSearchParams();
		for (const [key, value] of Object.entries(filters)) if (value !== undefined) query.set(key, value);
		query.set('PageSize', String(pageSize));
		query.set('Page', String(at));
		if (at > 0) query.set('PageToken', pageToken(ctx, filters, pageSize, at));
		return `${ctx.url.pathname}?${query}`;
	};
	return reply(200, {
		end: start + Math.max(data.length, 1) - 1,
		first_page_uri: uri(0),
		incoming_phone_numbers: data,
		next_page_uri: start + pageSize < numbers.length ? uri(page + 1) : null,
		page,
		page_size: pageSize,
		previous_page_uri: page > 0 ? uri(page - 1) : null,
		start,
		uri: uri(page),
	}, `page ${page}: ${data.length} of ${numbers.length}`);
}

const PURCHASE_FIELDS = ['PhoneNumber', 'AreaCode', 'ApiVersion', ...Object.keys(SETTINGS)];

function purchase(ctx) {
	const fields = formBody(ctx);
	rejectUnknown(fields, PURCHASE_FIELDS, 'purchase');
	checkSettings(fields);
	const { PhoneNumber: number, AreaCode: areaCode } = fields;
	if (number === undefined && areaCode === undefined) throw twilioError(400, 21452, 'PhoneNumber or AreaCode is required');
	let entry;
	if (number !== undefined) {
		if (!/^\+[1-9]\d{7,14}$/.test(number)) throw twilioError(400, 21421, `PhoneNumber is invalid: ${number}`);
		entry = ctx.store.available.get(number);
		if (!entry) throw twilioError(400, 21422, `PhoneNumber requested is not available: ${number}`);
	} else {
		entry = [...ctx.store.available.values()].find((candidate) => candidate.cc === '1' && candidate.type === 'local' && candidate.areaCode === areaCode);
		if (!entry) throw twilioError(400, 21452, `No phone numbers found in area code ${areaCode}`);
	}
	if (entry.restriction) {
		const address = fields.AddressSid ? TWILIO_ADDRESSES[fields.AddressSid] : undefined;
		if (!fields.AddressSid) throw twilioError(400, 21631, `Phone Number Requires an Address: ${entry.e164} needs an address in ${entry.iso} (AddressSid)`);
		if (!address || address.country !== entry.iso) throw twilioError(400, 21615, `Phone Number Requires a Local Address: AddressSid ${fields.AddressSid} is not an address of yours in ${entry.iso}`);
	}
	const { PhoneNumber: _number, AreaCode: _area, ApiVersion: _version, FriendlyName: friendlyName, ...settings } = fields;
	const record = acquire(ctx.store, entry, { accountSid: ctx.config.twilio.accountSid, friendlyName, createdAt: ctx.now().toISOString(), settings });
	return reply(201, record.resource, entry.e164);
}

function ownedRecord(ctx) {
	const record = ctx.store.owned.get(ctx.params.sid);
	if (!record) throw new Rejection(reply(404, notFoundBody(ctx.url.pathname), `no number ${ctx.params.sid}`));
	return record;
}

function get(ctx) {
	const record = ownedRecord(ctx);
	return reply(200, record.resource, record.entry.e164);
}

function update(ctx) {
	const record = ownedRecord(ctx);
	const fields = formBody(ctx);
	rejectUnknown(fields, ['AccountSid', 'ApiVersion', 'VoiceCallerIdLookup', 'VoiceReceiveMode', 'EmergencyStatus', 'EmergencyAddressSid', ...Object.keys(SETTINGS)], 'update');
	if (fields.AccountSid !== undefined && fields.AccountSid !== ctx.config.twilio.accountSid) throw invalidParameter('The stand-in has no subaccounts to move numbers to');
	checkSettings(fields);
	applySettings(record.resource, fields);
	record.resource.date_updated = rfc2822(ctx.now().toISOString());
	return reply(200, record.resource, `${record.entry.e164} ${Object.keys(fields).join(',') || '(no changes)'}`);
}

function release(ctx) {
	const record = ownedRecord(ctx);
	ctx.store.owned.delete(ctx.params.sid);
	// A released number leaves its Messaging Service too.
	for (const service of messagingServices(ctx.store).values()) service.numbers.delete(ctx.params.sid);
	ctx.store.available.set(record.entry.e164, record.entry);
	return reply(204, undefined, record.entry.e164);
}

// ---------------------------------------------------------------------------------------------
// US A2P 10DLC: the Messaging API (https://messaging.twilio.com/v1, the same origin here; the node
// sends it to the credential's API Base URL when one is set). A campaign belongs to a Messaging
// Service (one each, GET /v1/Services/{MG}/Compliance/Usa2p); a number is in the campaign by being
// in the service (POST /v1/Services/{MG}/PhoneNumbers with PhoneNumberSid: at once). The stand-in's
// campaigns (../campaigns.js) are its services: approved ones VERIFIED (one that carriers still
// review, IN_PROGRESS), in review IN_PROGRESS, rejected FAILED; one more service has no campaign.
// Numbers the carriers refuse are refused as Twilio refuses a number another service holds (21712).
// Shapes: twilio/twilio-oai spec/yaml/twilio_messaging_v1.yaml (additionalProperties: false).
// ---------------------------------------------------------------------------------------------

const MESSAGING = '/v1/Services';
const TWILIO_CAMPAIGN_IDS = Object.fromEntries(CAMPAIGNS.map((campaign) => [campaign.key, twilioSid('MG', 'twilio service', campaign.key)]));
/** A service without an A2P campaign (us_app_to_person_registered false): not in the Messaging Campaign list. */
const PLAIN_SERVICE = { key: 'default', name: 'Default Messaging Service', useCase: null, registration: null, looks: 0, brand: 0 };
const CAMPAIGN_STATUS = (campaign) => (campaign.registration === 'rejected' ? 'FAILED' : campaign.registration === 'review' || campaign.looks === Infinity ? 'IN_PROGRESS' : 'VERIFIED');
const SERVICE_USECASE = { ACCOUNT_NOTIFICATION: 'notifications', MARKETING: 'marketing', CUSTOMER_CARE: 'discussion', SWEEPSTAKE: 'marketing', MIXED: 'undeclared' };
const MESSAGING_TIME = '2025-01-06T15:00:00Z';

/** The services, created with the store (and again on reset): sid -> {campaign, numbers: Map PN -> date}. */
function messagingServices(store) {
	store.services ??= new Map([...CAMPAIGNS, PLAIN_SERVICE].map((campaign) => [twilioSid('MG', 'twilio service', campaign.key), { campaign, numbers: new Map() }]));
	return store.services;
}

function messagingService(ctx) {
	const service = messagingServices(ctx.store).get(ctx.params.serviceSid);
	if (!service) throw new Rejection(reply(404, twilioErrorBody(404, 20404, `The requested resource ${ctx.url.pathname.replace(/^\/v1/, '')} was not found`), `no service ${ctx.params.serviceSid}`));
	return service;
}

const messagingUrl = (ctx, path) => `${ctx.origin}${MESSAGING}${path}`;

function serviceResource(ctx, sid, { campaign }) {
	const url = messagingUrl(ctx, `/${sid}`);
	return {
		sid,
		account_sid: ctx.config.twilio.accountSid,
		friendly_name: campaign.name,
		date_created: MESSAGING_TIME,
		date_updated: MESSAGING_TIME,
		inbound_request_url: null,
		inbound_method: 'POST',
		fallback_url: null,
		fallback_method: 'POST',
		status_callback: null,
		sticky_sender: true,
		mms_converter: true,
		smart_encoding: true,
		scan_message_content: 'inherit',
		fallback_to_long_code: true,
		area_code_geomatch: true,
		synchronous_validation: true,
		validity_period: 36000,
		url,
		links: { phone_numbers: `${url}/PhoneNumbers`, short_codes: `${url}/ShortCodes`, alpha_senders: `${url}/AlphaSenders`, us_app_to_person: `${url}/Compliance/Usa2p`, us_app_to_person_usecases: `${url}/Compliance/Usa2p/Usecases`, channel_senders: `${url}/ChannelSenders` },
		usecase: SERVICE_USECASE[campaign.useCase] ?? 'undeclared',
		us_app_to_person_registered: campaign.registration !== null,
		use_inbound_webhook_on_number: true,
	};
}

function usa2pResource(ctx, sid, { campaign }) {
	const status = CAMPAIGN_STATUS(campaign);
	const qe = twilioSid('QE', 'twilio campaign', campaign.key);
	return {
		sid: qe,
		account_sid: ctx.config.twilio.accountSid,
		brand_registration_sid: twilioSid('BN', 'twilio brand', campaign.brand),
		messaging_service_sid: sid,
		description: `${campaign.name}: messages to customers who opted in`,
		message_samples: [`${campaign.name}: sample one`, `${campaign.name}: sample two`],
		us_app_to_person_usecase: campaign.useCase,
		has_embedded_links: false,
		has_embedded_phone: false,
		subscriber_opt_in: true,
		age_gated: false,
		direct_lending: false,
		campaign_status: status,
		campaign_id: status === 'VERIFIED' ? `CTW${String(CAMPAIGNS.indexOf(campaign) + 1).padStart(4, '0')}` : null,
		is_externally_registered: false,
		rate_limits: status === 'VERIFIED' ? { att: { message_class: 'T', tpm: 240 }, tmobile: { brand_tier: 'LOW' } } : null,
		message_flow: 'Customers opt in on the sandbox web form.',
		opt_in_message: null,
		opt_out_message: null,
		help_message: null,
		opt_in_keywords: null,
		opt_out_keywords: null,
		help_keywords: null,
		date_created: MESSAGING_TIME,
		date_updated: MESSAGING_TIME,
		url: messagingUrl(ctx, `/${sid}/Compliance/Usa2p/${qe}`),
		mock: false,
		errors: status === 'FAILED' ? [{ error_code: 30896, description: 'The campaign was rejected: the use case does not match the message samples', fields: ['MessageSamples'] }] : [],
	};
}

function servicePhoneNumber(ctx, serviceSid, sid, dateCreated) {
	const record = ctx.store.owned.get(sid);
	return {
		sid,
		account_sid: ctx.config.twilio.accountSid,
		service_sid: serviceSid,
		date_created: dateCreated,
		date_updated: dateCreated,
		phone_number: record?.entry.e164 ?? null,
		country_code: record?.entry.iso ?? null,
		capabilities: record ? record.entry.capabilities.map((name) => name.toUpperCase()) : [],
		url: messagingUrl(ctx, `/${serviceSid}/PhoneNumbers/${sid}`),
	};
}

/** Messaging API lists: PageSize (1 to 1000), Page with its PageToken; meta with full URLs. */
function messagingPage(ctx, key, all, map) {
	rejectUnknown(queryParams(ctx), ['PageSize', 'Page', 'PageToken'], 'list');
	const pageSize = intParam(ctx.query, 'PageSize', { def: 50, min: 1, max: 1000 }, invalidParameter);
	const page = intParam(ctx.query, 'Page', { def: 0, min: 0 }, invalidParameter);
	if (page > 0 && ctx.query.get('PageToken') !== pageToken(ctx, { path: ctx.url.pathname }, pageSize, page)) {
		throw invalidParameter(`PageToken is missing or does not belong to this query (Page ${page}); follow next_page_url`);
	}
	const url = (at) => `${ctx.origin}${ctx.url.pathname}?PageSize=${pageSize}&Page=${at}${at > 0 ? `&PageToken=${pageToken(ctx, { path: ctx.url.pathname }, pageSize, at)}` : ''}`;
	const start = page * pageSize;
	const data = all.slice(start, start + pageSize).map(map);
	const meta = { page, page_size: pageSize, first_page_url: url(0), previous_page_url: page > 0 ? url(page - 1) : null, next_page_url: start + pageSize < all.length ? url(page + 1) : null, key, url: url(page) };
	return reply(200, { [key]: data, meta }, `page ${page}: ${data.length} of ${all.length} ${key}`);
}

function serviceList(ctx) {
	return messagingPage(ctx, 'services', [...messagingServices(ctx.store)], ([sid, service]) => serviceResource(ctx, sid, service));
}

function usa2pList(ctx) {
	const service = messagingService(ctx);
	return messagingPage(ctx, 'compliance', service.campaign.registration === null ? [] : [service], (one) => usa2pResource(ctx, ctx.params.serviceSid, one));
}

function serviceNumberAdd(ctx) {
	const service = messagingService(ctx);
	const fields = formBody(ctx);
	rejectUnknown(fields, ['PhoneNumberSid'], 'phone number');
	const sid = fields.PhoneNumberSid;
	if (sid === undefined) throw invalidParameter('PhoneNumberSid is required');
	if (!/^PN[0-9a-fA-F]{32}$/.test(sid)) throw invalidParameter(`PhoneNumberSid must be a PN… SID (got '${sid}')`);
	const record = ctx.store.owned.get(sid);
	if (!record) throw invalidParameter(`PhoneNumberSid ${sid} is not a phone number of this account`);
	if (service.numbers.has(sid)) throw twilioError(409, 21710, 'Phone Number or Short Code is already in the Messaging Service.');
	const elsewhere = [...messagingServices(ctx.store).values()].some((other) => other !== service && other.numbers.has(sid));
	if (elsewhere || REFUSED_NUMBERS.includes(record.entry.digits)) throw twilioError(409, 21712, 'Phone Number or Short Code is associated with another Messaging Service.');
	const date = ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
	service.numbers.set(sid, date);
	return reply(201, servicePhoneNumber(ctx, ctx.params.serviceSid, sid, date), `${record.entry.e164} -> ${service.campaign.key}`);
}

function serviceNumber(ctx) {
	const service = messagingService(ctx);
	const date = service.numbers.get(ctx.params.sid);
	if (date === undefined) throw new Rejection(reply(404, twilioErrorBody(404, 20404, `The requested resource ${ctx.url.pathname.replace(/^\/v1/, '')} was not found`), `${ctx.params.sid} not in ${service.campaign.key}`));
	return { service, date };
}

function serviceNumberGet(ctx) {
	const { service, date } = serviceNumber(ctx);
	return reply(200, servicePhoneNumber(ctx, ctx.params.serviceSid, ctx.params.sid, date), `${ctx.params.sid} in ${service.campaign.key}`);
}

function serviceNumberRemove(ctx) {
	const { service } = serviceNumber(ctx);
	service.numbers.delete(ctx.params.sid);
	return reply(204, undefined, `${ctx.params.sid} out of ${service.campaign.key}`);
}

// ---------------------------------------------------------------------------------------------
// Inbound webhooks: a TwiML message or call, posted to the number's SmsUrl / VoiceUrl and signed
// with the account's Auth Token (X-Twilio-Signature).
// ---------------------------------------------------------------------------------------------

function inboundTarget(store, digits, event) {
	const record = [...store.owned.values()].find((r) => r.entry.digits === digits);
	if (!record) throw new Error(`+${digits} is not a Twilio number of this stand-in`);
	const number = record.resource;
	const [url, overriding] = event === 'message' ? [number.sms_url, [number.sms_application_sid]] : [number.voice_url, [number.voice_application_sid, number.trunk_sid]];
	const other = overriding.find((sid) => sid);
	if (other) throw new Error(`+${digits} sends its ${event}s to ${other}, not to its ${event === 'message' ? 'SMS' : 'Voice'} URL`);
	if (!url) throw new Error(`+${digits} has no ${event === 'message' ? 'SMS' : 'Voice'} URL`);
	return { url };
}

function inboundPayload({ config, digits, from, event, text, media }) {
	const common = { AccountSid: config.twilio.accountSid, From: `+${from}`, To: `+${digits}`, ApiVersion: '2010-04-01', FromCountry: 'US', ToCountry: 'US' };
	if (event === 'call') {
		return { CallSid: twilioSid('CA'), ...common, CallStatus: 'ringing', Direction: 'inbound', Caller: `+${from}`, Called: `+${digits}` };
	}
	const sid = twilioSid(media.length ? 'MM' : 'SM');
	const payload = { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, ...common, Body: text, NumMedia: String(media.length), NumSegments: '1', SmsStatus: 'received' };
	media.forEach((url, index) => {
		payload[`MediaUrl${index}`] = url;
		payload[`MediaContentType${index}`] = 'image/jpeg';
	});
	return payload;
}

module.exports = {
	id: 'twilio',
	name: 'Twilio',
	/** The REST API 2010-04-01 for numbers, and the Messaging API's services for 10DLC campaigns. */
	prefix: [`${API}/`, `${MESSAGING}`],
	credentials: CREDENTIALS,
	configure: () => ({}),
	describe: (config, baseUrl) => `API Base URL ${baseUrl}, account ${config.twilio.accountSid}, auth token ${config.twilio.authToken}`,
	/** The node's credential for this stand-in (the demo, e2e and live tests import it into n8n). */
	n8nCredential: {
		type: 'twilioNumbersApi',
		data: (baseUrl, account) => ({ accountSid: account.accountSid, authType: 'authToken', authToken: account.authToken, baseUrl }),
	},
	/** Twilio sells numbers in many countries; the stand-in all of its inventory. */
	sells: () => true,
	key: (entry) => entry.e164,
	initial(store, config) {
		for (const { number, name, createdAt } of INITIAL_OWNED) acquire(store, store.available.get(number), { accountSid: config.twilio.accountSid, friendlyName: name, createdAt });
		messagingServices(store);
	},
	seed: (store, entry, i, createdAt, config) => acquire(store, entry, { accountSid: config.twilio.accountSid, friendlyName: `Seeded ${i + 1}`, createdAt }),
	/** In the order bought. */
	ownedSorted: (store) => [...store.owned.values()].sort((a, b) => a.seq - b.seq),

	/** HTTP Basic with the Account SID and Auth Token, or an API key SID and its secret; the path's account must be the credential's. */
	authenticate(call, config) {
		const credentials = basicCredentials(call.headers.authorization);
		const { accountSid, authToken, apiKeySid, apiKeySecret } = config.twilio;
		// The Messaging API's paths name no account: the credential's is the one.
		const pathAccount = call.url.pathname.startsWith(`${MESSAGING}`) ? accountSid : safeDecode(call.url.pathname.split('/')[3] ?? '').replace(/\.json$/, '');
		let note;
		if (!credentials) note = 'no Basic credentials';
		else if (!((credentials.user === accountSid && credentials.password === authToken) || (credentials.user === apiKeySid && credentials.password === apiKeySecret))) note = 'wrong SID or secret';
		else if (pathAccount !== accountSid) note = `the path's account (${pathAccount}) is not the credential's`;
		if (!note) return undefined;
		return { ...reply(401, twilioErrorBody(401, 20003, 'Authenticate'), note), headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' } };
	},
	errorBody: (status) => twilioErrorBody(status, STATUS_CODES[status] ?? 20000 + status, http.STATUS_CODES[status] ?? 'Error'),
	notFound: (note) => reply(404, twilioErrorBody(404, 20404, 'The requested resource was not found'), note),
	methodNotAllowed: (allowed) => ({ ...reply(405, twilioErrorBody(405, 20004, 'Method not allowed'), `allowed: ${allowed.join(', ')}`), headers: { Allow: allowed.join(', ') } }),
	/** Twilio names the path in its 404. */
	unrouted: (call) => reply(404, notFoundBody(call.url.pathname), 'no such endpoint'),

	routes: [
		['GET', `${API}/Accounts/:accountSid.json`, 'account', account],
		['GET', `${API}/Accounts/:accountSid/AvailablePhoneNumbers/:country/:type.json`, 'search', search],
		['GET', `${API}/Accounts/:accountSid/IncomingPhoneNumbers.json`, 'list', list],
		['POST', `${API}/Accounts/:accountSid/IncomingPhoneNumbers.json`, 'purchase', purchase],
		['GET', `${API}/Accounts/:accountSid/IncomingPhoneNumbers/:sid.json`, 'get', get],
		['POST', `${API}/Accounts/:accountSid/IncomingPhoneNumbers/:sid.json`, 'update', update],
		['DELETE', `${API}/Accounts/:accountSid/IncomingPhoneNumbers/:sid.json`, 'release', release],
		['GET', MESSAGING, 'messaging services', serviceList],
		['GET', `${MESSAGING}/:serviceSid/Compliance/Usa2p`, 'campaign', usa2pList],
		['POST', `${MESSAGING}/:serviceSid/PhoneNumbers`, 'campaign assign', serviceNumberAdd],
		['GET', `${MESSAGING}/:serviceSid/PhoneNumbers/:sid`, 'campaign number', serviceNumberGet],
		['DELETE', `${MESSAGING}/:serviceSid/PhoneNumbers/:sid`, 'campaign remove', serviceNumberRemove],
	],
	/** The campaigns by key (the SIDs of the Messaging Services that carry them), as the other modules name their own. */
	campaignIds: TWILIO_CAMPAIGN_IDS,
	/** Each number in a service with a campaign, for snapshots: [{number, campaign (MG…), state (campaign_status)}]. */
	assignments: (store) =>
		[...messagingServices(store)].flatMap(([sid, { campaign, numbers }]) =>
			campaign.registration === null ? [] : [...numbers.keys()].map((pn) => ({ number: store.owned.get(pn)?.entry.e164 ?? pn, campaign: sid, state: CAMPAIGN_STATUS(campaign) })),
		),
	/** The number a logged purchase bought: its PhoneNumber field, as digits. */
	purchasedNumber: (request) => String(request.response?.phone_number ?? request.body?.PhoneNumber ?? '').replace(/^\+/, ''),

	inbound: {
		target: inboundTarget,
		payload: inboundPayload,
		sign: (config, url, payload) => ({ 'x-twilio-signature': signing.twilioSignature(config.twilio.authToken, url, payload) }),
		tamper(payload, event) {
			if (event === 'message') payload.Body = `${payload.Body} (changed on the way)`;
			else payload.From = '+19005550199';
		},
	},

	TWILIO_ADDRESSES,
};
