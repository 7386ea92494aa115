/**
 * Local fakes of the providers' HTTP APIs with nock: every request the node sends is recorded
 * (method, full URL, headers, parsed body) so tests can assert the exact request, and any
 * request nobody expected is recorded too, so "no request was sent" can be asserted.
 *
 * Every recorded request to a provider with a vendored OpenAPI spec (SPEC_CHECKED_APIS in
 * openapi.cts) is also checked against that spec after each test: a test fails when the node sent
 * something the provider's own contract does not allow.
 */
import nock from 'nock';
import { sentProblems } from './openapi.cts';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export const sent: RecordedRequest[] = [];
export const unexpected: string[] = [];

nock.emitter.on('no match', (req: { method?: string; path?: string; href?: string; options?: { href?: string } }) => {
	unexpected.push(`${req.method ?? ''} ${req.href ?? req.options?.href ?? req.path ?? ''}`);
});

const specChecked = new WeakSet<RecordedRequest>();
afterEach(() => {
	const fresh = sent.filter((record) => !specChecked.has(record));
	for (const record of fresh) specChecked.add(record);
	expect(sentProblems(fresh)).toEqual([]);
});

/**
 * For a test that sends what the spec does not cover and says why (e.g. the query of a next-page
 * link the provider gave): the exact problems of the requests recorded so far, checked now and
 * not again after the test.
 */
export function expectSpecProblems(expected: string[]): void {
	const fresh = sent.filter((record) => !specChecked.has(record));
	for (const record of fresh) specChecked.add(record);
	expect(sentProblems(fresh)).toEqual(expected);
}

export function resetHttp(): void {
	nock.cleanAll();
	nock.disableNetConnect();
	sent.length = 0;
	unexpected.length = 0;
}

function parse(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body === '') return undefined;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** A nock reply function that records the request and answers with status/body/headers. */
export function answer(status: number, body?: unknown, headers?: Record<string, string>) {
	return function (this: nock.ReplyFnContext, uri: string, requestBody: nock.Body): nock.ReplyFnResult {
		const { basePath } = this as unknown as { basePath: string };
		const req = this.req as unknown as { method: string; headers: RecordedRequest['headers'] };
		sent.push({ method: req.method, url: `${basePath}${uri}`, headers: { ...req.headers }, body: parse(requestBody) });
		return [status, (body === undefined ? '' : body) as nock.Body, headers ?? {}];
	};
}

export function basicAuth(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
