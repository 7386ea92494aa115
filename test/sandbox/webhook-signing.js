'use strict';

/**
 * How the stand-in signs the webhooks it sends, the way each provider signs them. Written from the
 * providers' SDKs independently of the node's own check (nodes/providers/<provider>/trigger.ts);
 * test/triggerSignatures.test.cts checks both against the SDKs (`@signalwire/compatibility-api`,
 * `@signalwire/web-api`, `plivo`, `twilio`; Telnyx: test/telnyxSdk.test.cts, `telnyx`).
 */
const crypto = require('node:crypto');

/** SignalWire compatibility (LaML) form post: base64 HMAC-SHA1 over URL + sorted "namevalue" pairs. */
function signalWireFormSignature(signingKey, url, params) {
	const data = Object.keys(params)
		.sort()
		.reduce((text, key) => text + [].concat(params[key]).map((value) => `${key}${value}`).join(''), url);
	return crypto.createHmac('sha1', signingKey).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** SignalWire JSON post: hex HMAC-SHA1 over URL + raw body. */
function signalWireJsonSignature(signingKey, url, rawBody) {
	return crypto.createHmac('sha1', signingKey).update(Buffer.from(`${url}${rawBody}`, 'utf8')).digest('hex');
}

function sortedPairs(params, join) {
	return Object.keys(params)
		.sort()
		.flatMap((key) => [].concat(params[key]).map(String).sort().map((value) => join(key, value)));
}

/** Plivo V3 for a POST: URL (+ "?" sorted query) + "." when both + sorted "namevalue" body pairs. */
function plivoSignedText(url, params) {
	const parsed = new URL(url);
	const query = {};
	for (const [key, value] of parsed.searchParams) query[key] = [...(query[key] ?? []), value];
	const base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	const queryText = sortedPairs(query, (key, value) => `${key}=${value}`).join('&');
	const bodyText = sortedPairs(params, (key, value) => `${key}${value}`).join('');
	const hasBody = Object.keys(params).length > 0;
	return `${base}${queryText || hasBody ? `?${queryText}` : ''}${queryText && hasBody ? '.' : ''}${bodyText}`;
}

/** X-Plivo-Signature-V3: base64 HMAC-SHA256 (Auth Token) over signed text + "." + nonce. */
function plivoV3Signature(authToken, url, params, nonce) {
	return crypto.createHmac('sha256', authToken).update(Buffer.from(`${plivoSignedText(url, params)}.${nonce}`, 'utf8')).digest('base64');
}

/**
 * X-Twilio-Signature (twilio 6 webhooks getExpectedTwilioSignature): base64 HMAC-SHA1 with the Auth
 * Token over the URL, then each parameter name (sorted) followed by its value; a repeated parameter
 * once per distinct value, values sorted.
 */
function twilioSignature(authToken, url, params) {
	const data = Object.keys(params)
		.sort()
		.reduce((text, key) => text + [...new Set([].concat(params[key]))].sort().map((value) => `${key}${value}`).join(''), url);
	return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The `bodySHA256` query value Twilio adds to JSON posts (twilio 6 getExpectedBodyHash): hex SHA-256 of the raw body. */
function twilioBodyHash(rawBody) {
	return crypto.createHash('sha256').update(Buffer.from(rawBody, 'utf8')).digest('hex');
}

/**
 * Telnyx: an Ed25519 key pair from a seed text (the stand-in's, obviously fake): the private key
 * signs, the public key (base64 of its 32 raw bytes, as Telnyx's portal shows it) goes in the credential.
 */
function telnyxKeyPair(seedText) {
	const seed = crypto.createHash('sha256').update(String(seedText), 'utf8').digest();
	const privateKey = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
	const publicKey = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
	return { privateKey, publicKey };
}

/** Telnyx-Signature-Ed25519: base64 Ed25519 over `${timestamp}|${raw body}` (telnyx SDK lib/webhooks.js). */
function telnyxSignature(privateKey, timestamp, rawBody) {
	return crypto.sign(null, Buffer.from(`${timestamp}|${rawBody}`, 'utf8'), privateKey).toString('base64');
}

module.exports = { signalWireFormSignature, signalWireJsonSignature, plivoV3Signature, twilioSignature, twilioBodyHash, telnyxKeyPair, telnyxSignature };
