import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * What every webhook signature check works on, and the pieces the providers' schemes share. The
 * checks are pure functions of the request as received: the URL the provider called (with its
 * query string), the headers, the raw body. Each provider's own scheme lives in its folder
 * (providers/<provider>/trigger.ts), checked against the provider's official SDK by the unit
 * tests: nothing here trusts the parsed body n8n hands the node.
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

export const VALID: Verdict = { valid: true };
export const invalid = (reason: string): Verdict => ({ valid: false, reason });

/** Equal in constant time, whatever the lengths (both sides are hashed first). */
export function sameText(a: string, b: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}

export function header(request: SignedRequest, name: string): string | undefined {
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

export interface UrlParts {
	scheme: string;
	host: string;
	port: string;
	path: string;
	query: string;
}

export function urlParts(url: string): UrlParts | undefined {
	const match = URL_PARTS.exec(url);
	if (!match) return undefined;
	return { scheme: match[1].toLowerCase(), host: match[2], port: match[3] ?? '', path: match[4], query: match[5] ?? '' };
}

// ---------------------------------------------------------------------------------------------
// The HMAC-SHA1 scheme of LaML/TwiML-style webhooks, used by more than one provider.
// ---------------------------------------------------------------------------------------------

/**
 * The details in which the LaML/TwiML signature schemes of the providers' SDKs differ. The default
 * is the older scheme (repeated parameters in the order received, the URL as received).
 */
export interface SortedParamsStyle {
	/** Repeated parameters: each value in the order received, or each distinct value once, sorted. */
	repeatedValues?: 'asReceived' | 'sortedDistinct';
	/** Also accept the URL with its query re-encoded as Node's legacy querystring module writes it. */
	legacyQuery?: boolean;
}

/** "a=x+y&b=1&a=2" as querystring.stringify(querystring.parse(…)) writes it: "a=x%20y&a=2&b=1". */
function legacyQuery(query: string): string {
	const groups = new Map<string, string[]>();
	const decode = (text: string) => {
		try {
			return decodeURIComponent(text.replace(/\+/g, ' '));
		} catch {
			return text;
		}
	};
	for (const pair of query.split('&')) {
		if (pair === '') continue;
		const at = pair.indexOf('=');
		const key = decode(at === -1 ? pair : pair.slice(0, at));
		groups.set(key, [...(groups.get(key) ?? []), at === -1 ? '' : decode(pair.slice(at + 1))]);
	}
	const encode = (text: string) => encodeURIComponent(text);
	return [...groups].flatMap(([key, values]) => values.map((value) => `${encode(key)}=${encode(value)}`)).join('&');
}

/**
 * The URL with and without its port: the providers' SDKs accept either, because the signature may
 * have been made over either form (":443"/":80" added when no port is given); with `legacy`, each
 * also with its query re-encoded the legacy way.
 */
function urlPortForms(url: string, legacy = false): string[] {
	const parts = urlParts(url);
	if (!parts) return [url];
	const forms = (query: string) => {
		const rest = `${parts.path}${query ? `?${query}` : ''}`;
		const defaultPort = parts.scheme === 'https://' ? '443' : '80';
		return [`${parts.scheme}${parts.host}:${parts.port || defaultPort}${rest}`, `${parts.scheme}${parts.host}${rest}`];
	};
	return [...new Set([url, ...forms(parts.query), ...(legacy && parts.query ? forms(legacyQuery(parts.query)) : [])])];
}

export const hmacSha1 = (key: string, data: string, encoding: 'base64' | 'hex') =>
	createHmac('sha1', key).update(Buffer.from(data, 'utf8')).digest(encoding);

/**
 * LaML/TwiML-style form signatures, for a `signature` header already read:
 * - form posts: base64 HMAC-SHA1 over URL + each body parameter's name and value, names sorted
 *   (the SDKs' validateRequest; `style` for where the SDKs differ); a JSON body counts with its
 *   top-level fields as the parameters;
 * - JSON posts with `bodySHA256` in the query: base64 HMAC-SHA1 over the URL alone, and the
 *   SHA-256 (hex) of the raw body equal to bodySHA256 (validateRequestWithBody).
 */
export function verifySortedParamsHmacSha1(request: SignedRequest, key: string, signature: string, style: SortedParamsStyle = {}): Verdict {
	const urls = urlPortForms(request.url, style.legacyQuery);
	const bodyHash = new URLSearchParams(urlParts(request.url)?.query ?? '').get('bodySHA256');
	if (bodyHash !== null) {
		const bodyMatches = sameText(bodyHash, createHash('sha256').update(Buffer.from(request.rawBody, 'utf8')).digest('hex'));
		const urlMatches = urls.some((url) => sameText(signature, hmacSha1(key, url, 'base64')));
		return bodyMatches && urlMatches ? VALID : invalid('the signature or the bodySHA256 does not match the request');
	}

	const params = bodyParams(request);
	const signedParams = [...params.keys()]
		.sort()
		.map((name) => {
			const values = params.get(name)!;
			const signed = style.repeatedValues === 'sortedDistinct' ? [...new Set(values)].sort() : values;
			return signed.map((value) => `${name}${value}`).join('');
		})
		.join('');
	const matches = urls.some((url) => sameText(signature, hmacSha1(key, `${url}${signedParams}`, 'base64')));
	return matches ? VALID : invalid('the signature does not match the request');
}

/**
 * The URL a provider called, for n8n versions that cannot say it (n8n 1.x and 2.x before
 * `getWebhookResourceUrl`): those only give the webhook's PRODUCTION URL (`getNodeWebhookUrl`),
 * whatever endpoint the request came through. A request to the production path is the production
 * URL; one to another endpoint of the same webhook (the test URL, `/webhook-test/<id>/<path>`) is
 * rebuilt from the production URL's origin and base path, the endpoint the request used, and the
 * path both share. `requestPath` is the request's path as n8n received it, without the query.
 */
export function calledUrlFromProduction(productionUrl: string, requestPath: string): string {
	const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]+/i.exec(productionUrl)?.[0];
	if (!origin) return productionUrl;
	const production = productionUrl.slice(origin.length).split('?')[0].split('/');
	const requested = requestPath.split('/');
	if (production.join('/') === requested.join('/')) return productionUrl;
	// The path both share: the webhook's own path (<webhook id>/<path>, at least two segments).
	let shared = 0;
	while (shared < Math.min(production.length, requested.length) - 1 && production[production.length - 1 - shared] === requested[requested.length - 1 - shared]) shared++;
	// Not this webhook's path (the signature check then fails), or the production path seen
	// without the base path a proxy strips: the production URL.
	if (shared < 2 || shared === requested.length - 1) return productionUrl;
	const tail = production.slice(production.length - shared).join('/');
	// Before the endpoint: a base path of WEBHOOK_URL (e.g. /n8n), unless the request carries it too.
	const base = production.slice(0, production.length - shared - 1).join('/');
	const endpoint = requested.slice(0, requested.length - shared).join('/');
	const prefix = base && !endpoint.startsWith(`${base}/`) ? base : '';
	return `${origin}${prefix}${endpoint}/${tail}`;
}
