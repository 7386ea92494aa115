import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * Checks that an inbound webhook really comes from SignalWire or Plivo. Pure functions of the
 * request as received: the URL the provider called (with its query string), the headers, the raw
 * body. Each scheme is the one the provider's official SDK checks (see the unit tests, which sign
 * with those SDKs): nothing here trusts the parsed body n8n hands the node.
 */

export interface SignedRequest {
	method: string;
	/** The full URL the provider called, query string included. */
	url: string;
	/** Header names in lower case, as Node gives them. */
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
}

export type Verdict = { valid: true } | { valid: false; reason: string };

const VALID: Verdict = { valid: true };
const invalid = (reason: string): Verdict => ({ valid: false, reason });

/** Equal in constant time, whatever the lengths (both sides are hashed first). */
function sameText(a: string, b: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}

function header(request: SignedRequest, name: string): string | undefined {
	const value = request.headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

function isJson(request: SignedRequest): boolean {
	const type = header(request, 'content-type') ?? '';
	return /^application\/([\w.+-]*\+)?json\b/i.test(type);
}

/** Body parameters as name → values, in the order received (form-encoded or a flat JSON object). */
export function bodyParams(request: SignedRequest): Map<string, string[]> {
	const params = new Map<string, string[]>();
	const add = (key: string, value: string) => params.set(key, [...(params.get(key) ?? []), value]);
	if (isJson(request)) {
		let body: unknown;
		try {
			body = JSON.parse(request.rawBody || '{}');
		} catch {
			return params;
		}
		if (body && typeof body === 'object' && !Array.isArray(body)) {
			for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
				for (const item of Array.isArray(value) ? value : [value]) add(key, String(item));
			}
		}
		return params;
	}
	for (const [key, value] of new URLSearchParams(request.rawBody)) add(key, value);
	return params;
}

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?/i;

interface UrlParts {
	scheme: string;
	host: string;
	port: string;
	path: string;
	query: string;
}

function urlParts(url: string): UrlParts | undefined {
	const match = URL_PARTS.exec(url);
	if (!match) return undefined;
	return { scheme: match[1].toLowerCase(), host: match[2], port: match[3] ?? '', path: match[4], query: match[5] ?? '' };
}

// ---------------------------------------------------------------------------------------------
// SignalWire: the project's Signing Key signs every webhook.
// ---------------------------------------------------------------------------------------------

/**
 * The URL with and without its port: the compatibility SDK accepts either, because the
 * signature may have been made over either form (":443"/":80" added when no port is given).
 */
function signalWireUrlForms(url: string): string[] {
	const parts = urlParts(url);
	if (!parts) return [url];
	const rest = `${parts.path}${parts.query ? `?${parts.query}` : ''}`;
	const defaultPort = parts.scheme === 'https://' ? '443' : '80';
	const withPort = `${parts.scheme}${parts.host}:${parts.port || defaultPort}${rest}`;
	const withoutPort = `${parts.scheme}${parts.host}${rest}`;
	return [...new Set([url, withPort, withoutPort])];
}

const hmacSha1 = (key: string, data: string, encoding: 'base64' | 'hex') =>
	createHmac('sha1', key).update(Buffer.from(data, 'utf8')).digest(encoding);

/**
 * SignalWire signs a request in one of three ways; a match on any is valid:
 * 1. JSON bodies (SignalWire's own webhooks): hex HMAC-SHA1 over URL + raw body
 *    (`@signalwire/web-api` validateRequest).
 * 2. Compatibility (LaML) form posts: base64 HMAC-SHA1 over URL + each body parameter's name and
 *    value, names sorted (`@signalwire/compatibility-api` validateRequest); a JSON body falls back
 *    to this with its top-level fields as the parameters.
 * 3. Compatibility JSON posts with `bodySHA256` in the query: base64 HMAC-SHA1 over the URL alone,
 *    and the SHA-256 (hex) of the raw body equal to bodySHA256 (validateRequestWithBody).
 * The header is X-SignalWire-Signature, or X-Twilio-Signature (the compatibility name).
 */
export function verifySignalWire(request: SignedRequest, signingKey: string): Verdict {
	const signature = header(request, 'x-signalwire-signature') ?? header(request, 'x-twilio-signature');
	if (!signature) return invalid('it has no X-SignalWire-Signature header');
	if (!signingKey) return invalid('no Signing Key is set in the credential');

	if (sameText(signature, hmacSha1(signingKey, `${request.url}${request.rawBody}`, 'hex'))) return VALID;

	const urls = signalWireUrlForms(request.url);
	const bodyHash = new URLSearchParams(urlParts(request.url)?.query ?? '').get('bodySHA256');
	if (bodyHash !== null) {
		const bodyMatches = sameText(bodyHash, createHash('sha256').update(Buffer.from(request.rawBody, 'utf8')).digest('hex'));
		const urlMatches = urls.some((url) => sameText(signature, hmacSha1(signingKey, url, 'base64')));
		return bodyMatches && urlMatches ? VALID : invalid('the signature or the bodySHA256 does not match the request');
	}

	const params = bodyParams(request);
	const signedParams = [...params.keys()]
		.sort()
		.map((key) => params.get(key)!.map((value) => `${key}${value}`).join(''))
		.join('');
	const matches = urls.some((url) => sameText(signature, hmacSha1(signingKey, `${url}${signedParams}`, 'base64')));
	return matches ? VALID : invalid('the signature does not match the request');
}

// ---------------------------------------------------------------------------------------------
// Plivo: signature V3, made with the account's Auth Token.
// ---------------------------------------------------------------------------------------------

function sortedValues(params: Map<string, string[]>): Array<[string, string[]]> {
	return [...params.keys()].sort().map((key) => [key, [...params.get(key)!].sort()]);
}

/**
 * The text Plivo signs (plivo SDK `validateV3Signature`): scheme://host[:port]/path, then for a GET
 * "?" and the query and body parameters merged and sorted as "name=value" joined by "&"; for a
 * POST the URL's own query sorted the same way after "?", a "." when there is both a query and a
 * body, and the body parameters sorted as "namevalue" with nothing between them.
 */
export function plivoSignedText(request: SignedRequest): string | undefined {
	const parts = urlParts(request.url);
	if (!parts) return undefined;
	const base = `${parts.scheme}${parts.host}${parts.port ? `:${parts.port}` : ''}${parts.path}`;
	const query = new Map<string, string[]>();
	for (const [key, value] of new URLSearchParams(parts.query)) query.set(key, [...(query.get(key) ?? []), value]);
	const body = bodyParams(request);
	const queryText = (params: Map<string, string[]>) =>
		sortedValues(params)
			.flatMap(([key, values]) => values.map((value) => `${key}=${value}`))
			.join('&');

	if (request.method.toUpperCase() === 'GET') {
		for (const [key, values] of body) query.set(key, [...(query.get(key) ?? []), ...values]);
		const text = queryText(query);
		return text ? `${base}?${text}` : base;
	}
	const queryPart = queryText(query);
	const bodyPart = sortedValues(body)
		.flatMap(([key, values]) => values.map((value) => `${key}${value}`))
		.join('');
	let text = base;
	if (queryPart || body.size) text += `?${queryPart}`;
	if (queryPart && body.size) text += '.';
	return text + bodyPart;
}

/**
 * X-Plivo-Signature-V3 is base64 HMAC-SHA256, keyed with the Auth Token, over the signed text, a
 * "." and X-Plivo-Signature-V3-Nonce. The header may carry several signatures separated by ","
 * (one per valid token); one match is enough.
 */
export function verifyPlivo(request: SignedRequest, authToken: string): Verdict {
	const signatures = header(request, 'x-plivo-signature-v3');
	const nonce = header(request, 'x-plivo-signature-v3-nonce');
	if (!signatures) return invalid('it has no X-Plivo-Signature-V3 header');
	if (!nonce) return invalid('it has no X-Plivo-Signature-V3-Nonce header');
	if (!authToken) return invalid('no Auth Token is set in the credential');
	const text = plivoSignedText(request);
	if (text === undefined) return invalid('its URL cannot be read');
	const expected = createHmac('sha256', authToken).update(Buffer.from(`${text}.${nonce}`, 'utf8')).digest('base64');
	const matches = signatures.split(',').some((signature) => sameText(signature.trim(), expected));
	return matches ? VALID : invalid('the signature does not match the request');
}
