'use strict';

/**
 * What the stand-in's core (server.js) and its provider modules (providers/*.js) share: the
 * provider-shaped error reply, and small parsing helpers. No provider knowledge here.
 */

const crypto = require('node:crypto');

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

/** A field rule of a strict endpoint: what it expects, and the test. */
const rule = (expected, test) => ({ expected, test });
const orNull = (test) => (value) => value === null || test(value);
const isString = (value) => typeof value === 'string';
const isHttpUrl = (value) => isString(value) && /^https?:\/\/[^\s/]+/i.test(value);
const oneOf = (values) => (value) => values.includes(value);
module.exports = {
	Rejection,
	reply,
	E164,
	UUID,
	stableUuid,
	safeDecode,
	parseJson,
	isPlainObject,
	isJsonContentType,
	basicCredentials,
	intParam,
	addMonth,
	sameText,
	queryObject,
	rule,
	orNull,
	isString,
	isHttpUrl,
	oneOf,
};
