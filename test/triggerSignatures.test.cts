/**
 * The trigger's signature checks against the providers' own SDKs, used as oracles:
 * - SignalWire: `@signalwire/compatibility-api` validateRequest / validateRequestWithBody /
 *   getExpectedTwilioSignature, and `@signalwire/web-api` validateRequest (JSON bodies);
 * - Plivo: `plivo` validateV3Signature;
 * - Twilio: `twilio` validateRequest / validateRequestWithBody.
 * Every case asserts the node's verdict AND the SDK's verdict, so the two cannot drift apart.
 * The stand-in's signer (test/sandbox/webhook-signing.js) is checked against the same SDKs.
 */
import { dirname, join } from 'node:path';
import { verifyPlivo } from '../nodes/providers/plivo/trigger';
import { verifySignalWire } from '../nodes/providers/signalwire/trigger';
import { verifyTwilio } from '../nodes/providers/twilio/trigger';
import type { SignedRequest } from '../nodes/shared/signatures';

// validateRequest and validateRequestWithBody are the SDK's public RestClient functions; the
// signing helpers are not exported by the package, so they come from its own webhooks module.
const { RestClient } = require('@signalwire/compatibility-api') as {
	RestClient: {
		validateRequest(key: string, header: string, url: string, params: Record<string, unknown>, suppressWarning?: boolean): boolean;
		validateRequestWithBody(key: string, header: string, url: string, body: string): boolean;
	};
};
const sdkWebhooks = require(join(dirname(require.resolve('@signalwire/compatibility-api')), '../lib/webhooks/webhooks.js')) as {
	getExpectedTwilioSignature(key: string, url: string, params: Record<string, unknown>): string;
	getExpectedBodyHash(body: string): string;
};
const compat = { ...sdkWebhooks, validateRequest: RestClient.validateRequest, validateRequestWithBody: RestClient.validateRequestWithBody };
const webApi = require('@signalwire/web-api') as { validateRequest(key: string, header: string, url: string, rawBody: string): boolean };
const plivo = require('plivo') as {
	validateV3Signature(method: string, uri: string, nonce: string, authToken: string, signature: string, params?: Record<string, unknown>): boolean;
};
const signing = require('./sandbox/webhook-signing') as {
	signalWireFormSignature(key: string, url: string, params: Record<string, string | string[]>): string;
	signalWireJsonSignature(key: string, url: string, rawBody: string): string;
	plivoV3Signature(token: string, url: string, params: Record<string, string | string[]>, nonce: string): string;
	twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string;
	twilioBodyHash(rawBody: string): string;
};

const SIGNING_KEY = 'PSK_test_signing_key_0000';
const AUTH_TOKEN = 'plivo-test-token';
const URL_ = 'https://n8n.example.com/webhook/4f1c2a9e-1234-4bcd-9e00-000000000001/phone-number';
const FORM = 'application/x-www-form-urlencoded';

const message = {
	MessageSid: 'SM0001',
	AccountSid: 'sw-test-project',
	From: '+14155550100',
	To: '+14155550129',
	Body: 'Hello & welcome: café ✓ 1+1=2',
	NumMedia: '1',
	MediaUrl0: 'https://files.example.com/m/1.jpg',
};

const form = (params: Record<string, string | string[]>) => {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) for (const item of ([] as string[]).concat(value)) search.append(key, item);
	return search.toString();
};

function request(url: string, rawBody: string, headers: Record<string, string>, contentType = FORM): SignedRequest {
	return { method: 'POST', url, rawBody, headers: { 'content-type': contentType, ...headers } };
}

describe('SignalWire signature (Signing Key)', () => {
	describe('form-encoded LaML webhooks (compatibility SDK validateRequest)', () => {
		const signature = compat.getExpectedTwilioSignature(SIGNING_KEY, URL_, message);
		const sdk = (url: string, header: string, params: Record<string, unknown>) => compat.validateRequest(SIGNING_KEY, header, url, params, true);

		it('the stand-in signs exactly as the SDK does', () => {
			expect(signing.signalWireFormSignature(SIGNING_KEY, URL_, message)).toBe(signature);
		});

		const cases: Array<[string, SignedRequest, boolean, () => boolean]> = [
			['valid (X-SignalWire-Signature)', request(URL_, form(message), { 'x-signalwire-signature': signature }), true, () => sdk(URL_, signature, message)],
			['valid (X-Twilio-Signature)', request(URL_, form(message), { 'x-twilio-signature': signature }), true, () => sdk(URL_, signature, message)],
			['missing header', request(URL_, form(message), {}), false, () => sdk(URL_, '', message)],
			['wrong key', request(URL_, form(message), { 'x-signalwire-signature': compat.getExpectedTwilioSignature('another-key', URL_, message) }), false,
				() => sdk(URL_, compat.getExpectedTwilioSignature('another-key', URL_, message), message)],
			['tampered body (other sender)', request(URL_, form({ ...message, From: '+19995550100' }), { 'x-signalwire-signature': signature }), false,
				() => sdk(URL_, signature, { ...message, From: '+19995550100' })],
			['added parameter', request(URL_, form({ ...message, Extra: '1' }), { 'x-signalwire-signature': signature }), false,
				() => sdk(URL_, signature, { ...message, Extra: '1' })],
			['other URL', request(`${URL_}-other`, form(message), { 'x-signalwire-signature': signature }), false, () => sdk(`${URL_}-other`, signature, message)],
		];
		it.each(cases)('%s', (_name, req, expected, oracle) => {
			expect(oracle()).toBe(expected);
			expect(verifySignalWire(req, SIGNING_KEY).valid).toBe(expected);
		});

		it('accepts a signature made over the URL with its default port, as the SDK does', () => {
			const withPort = URL_.replace('n8n.example.com', 'n8n.example.com:443');
			const sig = compat.getExpectedTwilioSignature(SIGNING_KEY, withPort, message);
			expect(sdk(URL_, sig, message)).toBe(true);
			expect(verifySignalWire(request(URL_, form(message), { 'x-signalwire-signature': sig }), SIGNING_KEY).valid).toBe(true);
		});

		it('repeated parameters are signed in the order received', () => {
			const params = { ...message, MediaUrl: ['https://b.example/2', 'https://a.example/1'] };
			const sig = compat.getExpectedTwilioSignature(SIGNING_KEY, URL_, params);
			expect(sdk(URL_, sig, params)).toBe(true);
			expect(verifySignalWire(request(URL_, form(params), { 'x-signalwire-signature': sig }), SIGNING_KEY).valid).toBe(true);
		});

		it('says why a request is refused', () => {
			expect(verifySignalWire(request(URL_, form(message), {}), SIGNING_KEY)).toEqual({ valid: false, reason: 'it has no X-SignalWire-Signature header' });
			expect(verifySignalWire(request(URL_, form(message), { 'x-signalwire-signature': 'abc' }), SIGNING_KEY)).toEqual({
				valid: false,
				reason: 'the signature does not match the request',
			});
		});
	});

	describe('JSON webhooks, URL + raw body (web-api validateRequest)', () => {
		const rawBody = JSON.stringify({ call_id: 'c-1', from: '+14155550100', to: '+14155550129', event: 'calling.call.received' });
		const signature = signing.signalWireJsonSignature(SIGNING_KEY, URL_, rawBody);
		const cases: Array<[string, string, string, boolean]> = [
			['valid', rawBody, signature, true],
			['tampered body', rawBody.replace('+14155550100', '+19995550100'), signature, false],
			['wrong key', rawBody, signing.signalWireJsonSignature('another-key', URL_, rawBody), false],
		];
		it.each(cases)('%s', (_name, body, sig, expected) => {
			expect(webApi.validateRequest(SIGNING_KEY, sig, URL_, body)).toBe(expected);
			expect(verifySignalWire(request(URL_, body, { 'x-signalwire-signature': sig }, 'application/json'), SIGNING_KEY).valid).toBe(expected);
		});

		it('a JSON body signed the compatibility way (its fields as parameters) is valid too, as web-api accepts it', () => {
			const flat = { CallSid: 'CA1', From: '+14155550100', To: '+14155550129' };
			const body = JSON.stringify(flat);
			const sig = compat.getExpectedTwilioSignature(SIGNING_KEY, URL_, flat);
			expect(webApi.validateRequest(SIGNING_KEY, sig, URL_, body)).toBe(true);
			expect(verifySignalWire(request(URL_, body, { 'x-signalwire-signature': sig }, 'application/json'), SIGNING_KEY).valid).toBe(true);
		});
	});

	describe('JSON webhooks with bodySHA256 (compatibility SDK validateRequestWithBody)', () => {
		const rawBody = JSON.stringify({ CallSid: 'CA1', From: '+14155550100' });
		const url = `${URL_}?bodySHA256=${compat.getExpectedBodyHash(rawBody)}`;
		const signature = compat.getExpectedTwilioSignature(SIGNING_KEY, url, {});
		const cases: Array<[string, string, string, string, boolean]> = [
			['valid', url, rawBody, signature, true],
			['tampered body', url, rawBody.replace('CA1', 'CA2'), signature, false],
			['tampered hash', `${URL_}?bodySHA256=${compat.getExpectedBodyHash('{}')}`, '{}', signature, false],
			['wrong key', url, rawBody, compat.getExpectedTwilioSignature('another-key', url, {}), false],
		];
		it.each(cases)('%s', (_name, u, body, sig, expected) => {
			expect(compat.validateRequestWithBody(SIGNING_KEY, sig, u, body)).toBe(expected);
			expect(verifySignalWire(request(u, body, { 'x-signalwire-signature': sig }, 'application/json'), SIGNING_KEY).valid).toBe(expected);
		});
	});

	it('refuses everything without a Signing Key', () => {
		const sig = compat.getExpectedTwilioSignature('', URL_, message);
		expect(verifySignalWire(request(URL_, form(message), { 'x-signalwire-signature': sig }), '')).toEqual({
			valid: false,
			reason: 'no Signing Key is set in the credential',
		});
	});
});

describe('Plivo signature V3 (Auth Token; plivo SDK validateV3Signature)', () => {
	const nonce = '05429567804466091622';
	const inbound = { From: '14155550100', To: '14155550129', Text: 'Hi & bye: café ✓ 1+1=2', Type: 'sms', MessageUUID: 'm-1' };
	const sdk = (method: string, url: string, sig: string, params: Record<string, unknown>, n = nonce) =>
		plivo.validateV3Signature(method, url, n, AUTH_TOKEN, sig, params);
	const headers = (sig: string, n = nonce) => ({ 'x-plivo-signature-v3': sig, 'x-plivo-signature-v3-nonce': n });
	const signature = signing.plivoV3Signature(AUTH_TOKEN, URL_, inbound, nonce);

	it('the stand-in signs so that the SDK accepts it', () => {
		expect(sdk('POST', URL_, signature, inbound)).toBe(true);
	});

	// No repeated query names: under jest the SDK's `instanceof Array` fails on arrays made by Node's
	// querystring (another realm), so it would sign a repeated name differently than it does in Node.
	const urlWithQuery = `${URL_}?b=2&a=x%20y`;
	const cases: Array<[string, SignedRequest, boolean, () => boolean]> = [
		['valid', request(URL_, form(inbound), headers(signature)), true, () => sdk('POST', URL_, signature, inbound)],
		['valid, URL with a query string', request(urlWithQuery, form(inbound), headers(signing.plivoV3Signature(AUTH_TOKEN, urlWithQuery, inbound, nonce))), true,
			() => sdk('POST', urlWithQuery, signing.plivoV3Signature(AUTH_TOKEN, urlWithQuery, inbound, nonce), inbound)],
		['valid, one of several signatures', request(URL_, form(inbound), headers(`bm90IGl0,${signature}`)), true, () => sdk('POST', URL_, `bm90IGl0,${signature}`, inbound)],
		['missing signature', request(URL_, form(inbound), { 'x-plivo-signature-v3-nonce': nonce }), false, () => sdk('POST', URL_, '', inbound)],
		['missing nonce', request(URL_, form(inbound), { 'x-plivo-signature-v3': signature }), false, () => sdk('POST', URL_, signature, inbound, '')],
		['other nonce', request(URL_, form(inbound), headers(signature, '11111111111111111111')), false, () => sdk('POST', URL_, signature, inbound, '11111111111111111111')],
		['wrong token', request(URL_, form(inbound), headers(signing.plivoV3Signature('other-token', URL_, inbound, nonce))), false,
			() => sdk('POST', URL_, signing.plivoV3Signature('other-token', URL_, inbound, nonce), inbound)],
		['tampered text', request(URL_, form({ ...inbound, Text: 'Send money' }), headers(signature)), false, () => sdk('POST', URL_, signature, { ...inbound, Text: 'Send money' })],
		['other URL', request(`${URL_}x`, form(inbound), headers(signature)), false, () => sdk('POST', `${URL_}x`, signature, inbound)],
	];
	it.each(cases)('%s', (_name, req, expected, oracle) => {
		expect([oracle(), verifyPlivo(req, AUTH_TOKEN).valid]).toEqual([expected, expected]);
	});

	it('a JSON body is signed with its fields as the parameters', () => {
		const json = { CallUUID: 'c-1', From: '14155550100', To: '14155550129', Direction: 'inbound' };
		const sig = signing.plivoV3Signature(AUTH_TOKEN, URL_, json, nonce);
		expect(sdk('POST', URL_, sig, json)).toBe(true);
		expect(verifyPlivo(request(URL_, JSON.stringify(json), headers(sig), 'application/json'), AUTH_TOKEN).valid).toBe(true);
		const tampered = JSON.stringify({ ...json, From: '19995550100' });
		expect(verifyPlivo(request(URL_, tampered, headers(sig), 'application/json'), AUTH_TOKEN).valid).toBe(false);
	});

	it('says why a request is refused', () => {
		expect(verifyPlivo(request(URL_, form(inbound), {}), AUTH_TOKEN)).toEqual({ valid: false, reason: 'it has no X-Plivo-Signature-V3 header' });
		expect(verifyPlivo(request(URL_, form(inbound), { 'x-plivo-signature-v3': signature }), AUTH_TOKEN)).toEqual({
			valid: false,
			reason: 'it has no X-Plivo-Signature-V3-Nonce header',
		});
	});
});

describe('Twilio signature (Auth Token; twilio SDK validateRequest / validateRequestWithBody)', () => {
	// The SDK's public functions (twilio 6.3.1).
	const twilio = require('twilio') as {
		validateRequest(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean;
		validateRequestWithBody(authToken: string, signature: string, url: string, body: string): boolean;
		getExpectedTwilioSignature(authToken: string, url: string, params: Record<string, unknown>): string;
		getExpectedBodyHash(body: string): string;
	};
	const TOKEN = 'twilio-test-token';
	const sms = { ...message, AccountSid: 'AC00000000000000000000000000000001', SmsSid: 'SM0001', ApiVersion: '2010-04-01' };
	const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_, sms);
	const sdk = (url: string, header: string, params: Record<string, unknown>) => twilio.validateRequest(TOKEN, header, url, params);
	const headers = (sig: string) => ({ 'x-twilio-signature': sig });

	it('the stand-in signs exactly as the SDK does', () => {
		expect(signing.twilioSignature(TOKEN, URL_, sms)).toBe(signature);
		const repeated = { ...sms, MediaUrl: ['https://b.example/2', 'https://a.example/1', 'https://b.example/2'] };
		expect(signing.twilioSignature(TOKEN, URL_, repeated)).toBe(twilio.getExpectedTwilioSignature(TOKEN, URL_, repeated));
		expect(signing.twilioBodyHash('{"a":1}')).toBe(twilio.getExpectedBodyHash('{"a":1}'));
	});

	const withQuery = `${URL_}?source=sms&note=a+b%27c`;
	const cases: Array<[string, SignedRequest, boolean, () => boolean]> = [
		['valid', request(URL_, form(sms), headers(signature)), true, () => sdk(URL_, signature, sms)],
		['missing header', request(URL_, form(sms), {}), false, () => sdk(URL_, '', sms)],
		['the X-SignalWire-Signature header instead', request(URL_, form(sms), { 'x-signalwire-signature': signature }), false, () => sdk(URL_, '', sms)],
		['wrong Auth Token', request(URL_, form(sms), headers(twilio.getExpectedTwilioSignature('another-token', URL_, sms))), false,
			() => sdk(URL_, twilio.getExpectedTwilioSignature('another-token', URL_, sms), sms)],
		['tampered body', request(URL_, form({ ...sms, Body: 'Send money' }), headers(signature)), false, () => sdk(URL_, signature, { ...sms, Body: 'Send money' })],
		['added parameter', request(URL_, form({ ...sms, Extra: '1' }), headers(signature)), false, () => sdk(URL_, signature, { ...sms, Extra: '1' })],
		['other URL', request(`${URL_}-other`, form(sms), headers(signature)), false, () => sdk(`${URL_}-other`, signature, sms)],
		['signed over the URL with its default port', request(URL_, form(sms), headers(twilio.getExpectedTwilioSignature(TOKEN, URL_.replace('.com/', '.com:443/'), sms))), true,
			() => sdk(URL_, twilio.getExpectedTwilioSignature(TOKEN, URL_.replace('.com/', '.com:443/'), sms), sms)],
		['a URL with a query, signed as received', request(withQuery, form(sms), headers(twilio.getExpectedTwilioSignature(TOKEN, withQuery, sms))), true,
			() => sdk(withQuery, twilio.getExpectedTwilioSignature(TOKEN, withQuery, sms), sms)],
		['a URL with a query, signed over its legacy form', request(withQuery, form(sms), headers(twilio.getExpectedTwilioSignature(TOKEN, `${URL_}?source=sms&note=a%20b'c`, sms))), true,
			() => sdk(withQuery, twilio.getExpectedTwilioSignature(TOKEN, `${URL_}?source=sms&note=a%20b'c`, sms), sms)],
	];
	it.each(cases)('%s', (_name, req, expected, oracle) => {
		expect([oracle(), verifyTwilio(req, TOKEN).valid]).toEqual([expected, expected]);
	});

	it('a repeated parameter: its distinct values, sorted, as twilio 6 signs it (unlike the SignalWire compatibility SDK)', () => {
		const params = { ...sms, MediaUrl: ['https://b.example/2', 'https://a.example/1'] };
		const sig = twilio.getExpectedTwilioSignature(TOKEN, URL_, params);
		const received = form({ ...sms, MediaUrl: ['https://b.example/2', 'https://a.example/1'] });
		expect([sdk(URL_, sig, params), verifyTwilio(request(URL_, received, headers(sig)), TOKEN).valid]).toEqual([true, true]);
		const inOrder = signing.signalWireFormSignature(TOKEN, URL_, params);
		expect(inOrder).not.toBe(sig);
		expect([sdk(URL_, inOrder, params), verifyTwilio(request(URL_, received, headers(inOrder)), TOKEN).valid]).toEqual([false, false]);
	});

	describe('JSON posts with bodySHA256 (validateRequestWithBody)', () => {
		const rawBody = JSON.stringify({ CallSid: 'CA1', From: '+14155550100', To: '+14155550129' });
		const url = `${URL_}?bodySHA256=${twilio.getExpectedBodyHash(rawBody)}`;
		const sig = twilio.getExpectedTwilioSignature(TOKEN, url, {});
		const jsonCases: Array<[string, string, string, string, boolean]> = [
			['valid', url, rawBody, sig, true],
			['tampered body', url, rawBody.replace('CA1', 'CA2'), sig, false],
			['tampered hash', `${URL_}?bodySHA256=${twilio.getExpectedBodyHash('{}')}`, '{}', sig, false],
			['wrong Auth Token', url, rawBody, twilio.getExpectedTwilioSignature('another-token', url, {}), false],
		];
		it.each(jsonCases)('%s', (_name, u, body, signatureHeader, expected) => {
			expect([twilio.validateRequestWithBody(TOKEN, signatureHeader, u, body), verifyTwilio(request(u, body, headers(signatureHeader), 'application/json'), TOKEN).valid]).toEqual([expected, expected]);
		});
	});

	it('says why a request is refused, and refuses everything without an Auth Token', () => {
		expect(verifyTwilio(request(URL_, form(sms), {}), TOKEN)).toEqual({ valid: false, reason: 'it has no X-Twilio-Signature header' });
		expect(verifyTwilio(request(URL_, form(sms), headers('abc')), TOKEN)).toEqual({ valid: false, reason: 'the signature does not match the request' });
		expect(verifyTwilio(request(URL_, form(sms), headers(twilio.getExpectedTwilioSignature('', URL_, sms))), '')).toEqual({ valid: false, reason: 'no Auth Token is set in the credential' });
	});
});
