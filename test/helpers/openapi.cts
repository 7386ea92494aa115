/**
 * A provider's published OpenAPI spec as the oracle: requests the node sends and answers the
 * stand-in gives are checked against the parts of the spec vendored under test/specs/ (by
 * scripts/vendor-spec.js, with the repository, path and commit they came from).
 *
 *   const spec = loadSpec('signalwire');
 *   expect(requestProblems(spec, { method: 'GET', url, headers, body })).toEqual([]);
 *   expect(responseProblems(spec, { method: 'GET', path, status: 200, body })).toEqual([]);
 *
 * Each check returns readable problems ("PUT /phone_numbers/{id}: request body
 * /call_video_room_id: "sales-room" is not a uuid"); an empty list means the spec accepts it.
 * What is checked: the path template (the most literal match wins; the servers' base paths, e.g.
 * /v2, may be left on), path and query parameters (required, unknown, typed: query strings are
 * coerced to the parameter's type first), declared header parameters, that some credential the
 * spec accepts is present, the body's media type, JSON and form-encoded bodies against their
 * schema, closed objects (additionalProperties / unevaluatedProperties false, or `{not: {}}`), and
 * for answers: that the status is documented (exact, 4XX, default) and the body fits it.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are converted first (`nullable`,
 * boolean exclusiveMinimum/Maximum). Validation is Ajv 8 with ajv-formats; a text with
 * `format: int64` must be decimal digits.
 *
 * Capture: `fromNock(sent[i])` turns a request recorded by helpers/http.cts `answer()` (every
 * request the node sends in a unit test, when the test replies with answer()) into a SpecRequest;
 * `fromStandIn(sandbox.requests[i])` turns one entry of the stand-in's request log into the request
 * as it arrived and the answer it got. `exchangeProblems` checks both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RecordedRequest } from './http.cts';
import { telnyxConflictOf } from '../fixtures/telnyxSpec.cts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
type Values = Record<string, string | string[] | undefined>;

export interface Vendored {
	repo: string;
	path: string;
	commit: string;
	date: string;
	url: string;
	operations: string[];
	components?: string[];
}

export interface OpenApiSpec {
	provider: string;
	document: Json;
	vendored: Vendored;
	/** "3.0" or "3.1". */
	version: string;
	ajv: Ajv2020;
	id: string;
	validators: Map<string, ValidateFunction>;
	basePaths: string[];
}

export interface SpecRequest {
	method: string;
	/** A full URL or a path, with or without a query string. */
	url?: string;
	path?: string;
	/** More query parameters, over those in `url`. */
	query?: Values | URLSearchParams;
	headers?: Values;
	/** Parsed JSON, the fields of a form as an object, or the raw text. */
	body?: unknown;
	/** Defaults to the content-type header. */
	contentType?: string;
}

export interface SpecResponse {
	method: string;
	url?: string;
	path?: string;
	status: number;
	body?: unknown;
	contentType?: string;
}

export interface MatchedOperation {
	/** "GET /api/relay/rest/phone_numbers/{id}" */
	key: string;
	template: string;
	method: string;
	operation: Json;
	pointer: string;
	pathParams: Record<string, string>;
}

const SPEC_DIR = join(__dirname, '..', 'specs');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const cache = new Map<string, OpenApiSpec>();

const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');
const pointerOf = (...parts: string[]) => `#/${parts.map(escapePointer).join('/')}`;

function at(document: Json, pointer: string): Json {
	let node = document;
	for (const part of pointer.slice(2).split('/').map(unescapePointer)) {
		if (node === null || typeof node !== 'object' || !(part in node)) return undefined;
		node = node[part];
	}
	return node;
}

/** Follows a chain of $ref to the object and where it lives. */
function deref(document: Json, pointer: string): { pointer: string; value: Json } {
	let value = at(document, pointer);
	for (let hops = 0; value && typeof value === 'object' && typeof value.$ref === 'string' && hops < 32; hops++) {
		pointer = value.$ref;
		value = at(document, pointer);
	}
	return { pointer, value };
}

const isNotAnything = (schema: Json) => schema && typeof schema === 'object' && Object.keys(schema).length === 1 && schema.not && typeof schema.not === 'object' && Object.keys(schema.not).length === 0;

/**
 * The schema keywords Ajv reads, the same in both versions: `{not: {}}` for "no other property"
 * becomes `false` (same meaning, clearer messages); 3.0's `nullable` and boolean exclusive limits
 * become their JSON Schema 2020-12 forms.
 */
function normalise(value: Json, openapi30: boolean): Json {
	if (Array.isArray(value)) return value.map((item) => normalise(item, openapi30));
	if (!value || typeof value !== 'object') return value;
	const out: Json = {};
	for (const [key, inner] of Object.entries(value)) out[key] = normalise(inner, openapi30);
	for (const key of ['additionalProperties', 'unevaluatedProperties']) if (isNotAnything(out[key])) out[key] = false;
	// An int64 written as text (Telnyx's IDs): decimal digits. ajv-formats' int64 checks numbers only.
	if (out.format === 'int64' && out.type === 'string' && out.pattern === undefined) out.pattern = '^-?[0-9]{1,19}$';
	if (openapi30) {
		for (const [flag, limit] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
			if (typeof out[flag] === 'boolean') {
				if (out[flag] && typeof out[limit] === 'number') out[flag] = out[limit];
				else delete out[flag];
				if (typeof out[flag] === 'number') delete out[limit];
			}
		}
		if (out.nullable === true) {
			delete out.nullable;
			if (typeof out.type === 'string') {
				out.type = [out.type, 'null'];
				if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
			} else if (out.type === undefined) {
				return { anyOf: [out, { type: 'null' }] };
			}
		}
	}
	return out;
}

function formatsIn(value: Json, found = new Set<string>()): Set<string> {
	if (Array.isArray(value)) for (const item of value) formatsIn(item, found);
	else if (value && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) {
			if (key === 'format' && typeof inner === 'string') found.add(inner);
			else formatsIn(inner, found);
		}
	}
	return found;
}

/** The path part of each server URL (variables at their defaults): "https://api.example.com/v2" → "/v2". */
function serverBasePaths(document: Json): string[] {
	const servers: Json[] = [...(document.servers ?? [])];
	for (const item of Object.values<Json>(document.paths ?? {})) {
		servers.push(...(item.servers ?? []));
		for (const method of METHODS) servers.push(...(item[method]?.servers ?? []));
	}
	const paths = new Set<string>();
	for (const server of servers) {
		const url = String(server.url ?? '').replace(/\{([^}]+)\}/g, (_, name) => String(server.variables?.[name]?.default ?? 'x'));
		const path = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(url)?.[1] ?? (url.startsWith('/') ? url : '');
		const trimmed = path.replace(/\/+$/, '');
		if (trimmed) paths.add(trimmed);
	}
	return [...paths];
}

/** The vendored spec test/specs/<provider>.openapi.json, ready to validate against (cached). */
export function loadSpec(provider: string): OpenApiSpec {
	const cached = cache.get(provider);
	if (cached) return cached;
	const spec = specFromDocument(provider, JSON.parse(readFileSync(join(SPEC_DIR, `${provider}.openapi.json`), 'utf8')));
	cache.set(provider, spec);
	return spec;
}

/** A spec from an OpenAPI document in memory (a vendored file's content, or a test's own). */
export function specFromDocument(provider: string, raw: Json): OpenApiSpec {
	const version = String(raw.openapi).startsWith('3.0') ? '3.0' : '3.1';
	const document = normalise(raw, version === '3.0');
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
	addFormats(ajv);
	ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
	for (const format of formatsIn(document)) if (!ajv.formats[format]) ajv.addFormat(format, true);
	const id = `https://openapi.test/${provider}.json`;
	ajv.addSchema({ ...document, $id: id });
	return { provider, document, vendored: raw['x-vendored'], version, ajv, id, validators: new Map(), basePaths: serverBasePaths(document) };
}

function validatorAt(spec: OpenApiSpec, pointer: string): ValidateFunction {
	let validate = spec.validators.get(pointer);
	if (!validate) {
		const fragment = pointer.slice(1).split('/').map(encodeURIComponent).join('/');
		validate = spec.ajv.compile({ $ref: `${spec.id}#${fragment}` });
		spec.validators.set(pointer, validate);
	}
	return validate;
}

function valueAt(data: unknown, instancePath: string): unknown {
	let node = data as Json;
	for (const part of instancePath.split('/').slice(1).map(unescapePointer)) node = node?.[part];
	return node;
}

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** What an error says about its value: "is not a uuid", or about its object: "required property 'x' is missing". */
function saysOf(error: ErrorObject, value: unknown): { aboutValue: boolean; says: string } {
	const params = error.params as Json;
	switch (error.keyword) {
		case 'unevaluatedProperties':
		case 'additionalProperties':
			return { aboutValue: false, says: `property '${params.unevaluatedProperty ?? params.additionalProperty}' is not in the spec (the object is closed)` };
		case 'required':
			return { aboutValue: false, says: `required property '${params.missingProperty}' is missing` };
		case 'enum':
			return { aboutValue: true, says: `is not one of ${params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}` };
		case 'const':
			return { aboutValue: true, says: `is not ${JSON.stringify(params.allowedValue)}` };
		case 'format':
			return { aboutValue: true, says: `is not a ${params.format}` };
		case 'type':
			return { aboutValue: true, says: `is not of type ${[params.type].flat().join(' or ')}` };
		default:
			return { aboutValue: value !== undefined, says: error.message ?? error.keyword };
	}
}

function describeError(error: ErrorObject, data: unknown): string {
	const value = valueAt(data, error.instancePath);
	const { aboutValue, says } = saysOf(error, value);
	return `${error.instancePath || '(top)'}: ${aboutValue ? `${show(value)} ` : ''}${says}`;
}

const within = (path: string, parent: string) => path === parent || path.startsWith(`${parent}/`);

/**
 * Ajv's errors in words. When every branch of an anyOf/oneOf fails, Ajv lists the branches' errors
 * just before the anyOf's own; they are folded into one line ("matches none of the allowed forms").
 */
export function describeErrors(errors: ErrorObject[] | null | undefined, data: unknown): string[] {
	const list = [...(errors ?? [])];
	const lines = new Map<ErrorObject, string>();
	const folded = new Set<ErrorObject>();
	list.forEach((error, index) => {
		if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return;
		const branches: ErrorObject[] = [];
		for (let j = index - 1; j >= 0 && !folded.has(list[j]) && within(list[j].instancePath, error.instancePath); j--) branches.unshift(list[j]);
		for (const branch of branches) folded.add(branch);
		const value = valueAt(data, error.instancePath);
		const reasons = [...new Set(branches.map((branch) => (branch.instancePath === error.instancePath ? saysOf(branch, value).says : describeError(branch, data))))];
		lines.set(error, `${error.instancePath || '(top)'}: ${show(value)} matches none of the allowed forms (${reasons.join('; ')})`);
	});
	const out = list.filter((error) => !folded.has(error)).map((error) => lines.get(error) ?? describeError(error, data));
	return [...new Set(out)];
}

function templateRegex(template: string): { regex: RegExp; names: string[] } {
	const names: string[] = [];
	const source = template
		.split(/(\{[^}]+\})/)
		.map((part) => {
			const name = /^\{([^}]+)\}$/.exec(part)?.[1];
			if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			names.push(name);
			return '([^/]+?)';
		})
		.join('');
	return { regex: new RegExp(`^${source}/?$`), names };
}

function splitUrl(url: string): { path: string; search: string } {
	const parsed = new URL(url, 'http://relative.invalid');
	return { path: parsed.pathname, search: parsed.search };
}

/** The spec's operation for a method and a request path (the most literal template wins). */
export function matchOperation(spec: OpenApiSpec, method: string, urlOrPath: string): MatchedOperation | undefined {
	const { path } = splitUrl(urlOrPath);
	const lower = method.toLowerCase();
	const candidates = [path, ...spec.basePaths.filter((base) => path.startsWith(`${base}/`)).map((base) => path.slice(base.length))];
	let best: MatchedOperation | undefined;
	let bestParams = Infinity;
	for (const [template, item] of Object.entries<Json>(spec.document.paths ?? {})) {
		if (!item[lower]) continue;
		const { regex, names } = templateRegex(template);
		for (const candidate of candidates) {
			const found = regex.exec(candidate);
			if (!found || names.length >= bestParams) continue;
			bestParams = names.length;
			const pathParams = Object.fromEntries(names.map((name, i) => [name, safeDecode(found[i + 1])]));
			best = { key: `${method.toUpperCase()} ${template}`, template, method: lower, operation: item[lower], pointer: pointerOf('paths', template, lower), pathParams };
		}
	}
	return best;
}

/** "METHOD template" of a request or answer, or "METHOD path (not in the spec)". */
export function operationKey(spec: OpenApiSpec, method: string, urlOrPath: string): string {
	return matchOperation(spec, method, urlOrPath)?.key ?? `${method.toUpperCase()} ${splitUrl(urlOrPath).path} (not in the spec)`;
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** The operation's parameters (path item's, overridden by the operation's), dereferenced. */
function parametersOf(spec: OpenApiSpec, matched: MatchedOperation): Array<{ pointer: string; value: Json }> {
	const itemPointer = pointerOf('paths', matched.template);
	const found = new Map<string, { pointer: string; value: Json }>();
	for (const owner of [itemPointer, matched.pointer]) {
		const list = at(spec.document, `${owner}/parameters`) ?? [];
		list.forEach((_: Json, index: number) => {
			const parameter = deref(spec.document, `${owner}/parameters/${index}`);
			found.set(`${parameter.value.in}:${parameter.value.name}`, parameter);
		});
	}
	return [...found.values()];
}

/** The schema's own type, seen through $ref, allOf, anyOf/oneOf with null, and type arrays. */
function typeOf(spec: OpenApiSpec, schema: Json, depth = 0): string | undefined {
	if (!schema || typeof schema !== 'object' || depth > 16) return undefined;
	if (schema.$ref) return typeOf(spec, deref(spec.document, schema.$ref).value, depth + 1);
	if (typeof schema.type === 'string') return schema.type;
	if (Array.isArray(schema.type)) return schema.type.find((type: string) => type !== 'null');
	for (const key of ['allOf', 'anyOf', 'oneOf']) {
		for (const branch of schema[key] ?? []) {
			const type = typeOf(spec, branch, depth + 1);
			if (type && type !== 'null') return type;
		}
	}
	return undefined;
}

function itemsOf(spec: OpenApiSpec, schema: Json): Json {
	if (schema?.$ref) return itemsOf(spec, deref(spec.document, schema.$ref).value);
	return schema?.items ?? schema?.allOf?.find((branch: Json) => branch.items)?.items;
}

/** A query/path/form value (text) as the type its schema names, so "5" can be an integer. */
function coerce(spec: OpenApiSpec, schema: Json, values: string[], explode = true): unknown {
	const type = typeOf(spec, schema);
	if (type === 'array') {
		const parts = explode ? values : values.flatMap((value) => value.split(','));
		return parts.map((part) => coerce(spec, itemsOf(spec, schema), [part]));
	}
	const value = values[values.length - 1];
	if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return Number(value);
	if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
	if (values.length > 1) return values;
	return value;
}

function toValueMap(source: Values | URLSearchParams | undefined, into = new Map<string, string[]>()): Map<string, string[]> {
	if (!source) return into;
	if (source instanceof URLSearchParams) {
		for (const key of new Set(source.keys())) into.set(key, source.getAll(key));
	} else {
		for (const [key, value] of Object.entries(source)) if (value !== undefined) into.set(key, [value].flat().map(String));
	}
	return into;
}

function headerOf(headers: Values | undefined, name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
	return entry ? [entry[1]].flat()[0] : undefined;
}

const mediaType = (value: string | undefined) => value?.split(';')[0].trim().toLowerCase() || undefined;

function pickContent(content: Json, wanted: string | undefined): string | undefined {
	const types = Object.keys(content ?? {});
	if (!wanted) return types.find((type) => /json/.test(type)) ?? types[0];
	return (
		types.find((type) => type.toLowerCase() === wanted) ??
		types.find((type) => type.endsWith('/*') && wanted.startsWith(type.slice(0, -1))) ??
		types.find((type) => type === '*/*')
	);
}

const isEmptyBody = (body: unknown) => body === undefined || body === null || body === '';

function validateAt(spec: OpenApiSpec, pointer: string, data: unknown, where: string): string[] {
	const validate = validatorAt(spec, pointer);
	return validate(data) ? [] : describeErrors(validate.errors, data).map((line) => `${where} ${line}`);
}

/** The form fields of a body (raw text or object), typed by the schema's properties. */
function formFields(spec: OpenApiSpec, schemaPointer: string, body: unknown): unknown {
	const values = typeof body === 'string' ? toValueMap(new URLSearchParams(body)) : toValueMap(body as Values);
	const schema = deref(spec.document, schemaPointer).value;
	const properties = propertiesOf(spec, schema);
	return Object.fromEntries([...values].map(([key, list]) => [key, properties[key] ? coerce(spec, properties[key], list) : list.length > 1 ? list : list[0]]));
}

function propertiesOf(spec: OpenApiSpec, schema: Json, depth = 0): Record<string, Json> {
	if (!schema || typeof schema !== 'object' || depth > 16) return {};
	if (schema.$ref) return propertiesOf(spec, deref(spec.document, schema.$ref).value, depth + 1);
	const merged = { ...(schema.properties ?? {}) };
	for (const branch of schema.allOf ?? []) Object.assign(merged, propertiesOf(spec, branch, depth + 1));
	return merged;
}

function bodyProblems(spec: OpenApiSpec, contentPointer: string, body: unknown, contentType: string | undefined, label: string): string[] {
	const content = at(spec.document, contentPointer);
	const wanted = mediaType(contentType);
	const chosen = pickContent(content, wanted);
	if (!chosen) return [`${label}: Content-Type ${wanted ?? '(none)'} is not one the spec gives (${Object.keys(content ?? {}).join(', ')})`];
	const schemaPointer = `${contentPointer}/${escapePointer(chosen)}/schema`;
	if (at(spec.document, schemaPointer) === undefined) return [];
	let data = body;
	if (/json/.test(chosen)) {
		if (typeof body === 'string') {
			try {
				data = JSON.parse(body);
			} catch {
				return [`${label}: not JSON: ${body.slice(0, 80)}`];
			}
		}
	} else if (chosen === 'application/x-www-form-urlencoded') {
		data = formFields(spec, schemaPointer, body);
	} else if (typeof body === 'string') {
		return [];
	}
	return validateAt(spec, schemaPointer, data, label);
}

/** Whether the headers/query carry a credential one of the operation's security requirements accepts. */
function securityProblems(spec: OpenApiSpec, matched: MatchedOperation, headers: Values | undefined, query: Map<string, string[]>): string[] {
	const requirements: Json[] | undefined = matched.operation.security ?? spec.document.security;
	if (!headers || !requirements?.length || requirements.some((requirement) => Object.keys(requirement).length === 0)) return [];
	const schemes = spec.document.components?.securitySchemes ?? {};
	const satisfied = (name: string) => {
		const scheme = schemes[name];
		const authorization = headerOf(headers, 'authorization') ?? '';
		if (!scheme) return true;
		if (scheme.type === 'http') return authorization.toLowerCase().startsWith(`${String(scheme.scheme).toLowerCase()} `);
		if (scheme.type === 'apiKey') return scheme.in === 'query' ? query.has(scheme.name) : headerOf(headers, scheme.name) !== undefined;
		return authorization !== '';
	};
	if (requirements.some((requirement) => Object.keys(requirement).every(satisfied))) return [];
	const wanted = requirements.map((requirement) => Object.keys(requirement).map((name) => {
		const scheme = schemes[name];
		return scheme?.type === 'http' ? `${scheme.scheme} auth` : scheme?.type === 'apiKey' ? `${scheme.name} (${scheme.in})` : name;
	}).join(' + '));
	return [`no credential the spec accepts (${wanted.join(' or ')})`];
}

/** What the spec finds wrong with a request (empty: it fits). */
export function requestProblems(spec: OpenApiSpec, request: SpecRequest): string[] {
	const url = request.url ?? request.path ?? '';
	const matched = matchOperation(spec, request.method, url);
	if (!matched) return [`${request.method.toUpperCase()} ${splitUrl(url).path}: no such operation in the vendored spec`];
	const label = (what: string) => `${matched.key}: ${what}`;
	const problems: string[] = [];
	const query = toValueMap(request.query, toValueMap(new URLSearchParams(splitUrl(url).search)));

	const declared = new Set<string>();
	for (const parameter of parametersOf(spec, matched)) {
		const { name, in: where, required, explode } = parameter.value;
		const schemaPointer = `${parameter.pointer}/schema`;
		if (where === 'query') {
			declared.add(name);
			const values = query.get(name);
			if (!values) {
				if (required) problems.push(label(`query parameter ${name} is required`));
				continue;
			}
			problems.push(...validateAt(spec, schemaPointer, coerce(spec, parameter.value.schema, values, explode !== false), label(`query parameter ${name}:`)));
		} else if (where === 'path') {
			const value = matched.pathParams[name];
			if (value === undefined) continue;
			problems.push(...validateAt(spec, schemaPointer, coerce(spec, parameter.value.schema, [value]), label(`path parameter ${name}:`)));
		} else if (where === 'header' && request.headers) {
			const value = headerOf(request.headers, name);
			if (value === undefined) {
				if (required) problems.push(label(`header ${name} is required`));
				continue;
			}
			problems.push(...validateAt(spec, schemaPointer, coerce(spec, parameter.value.schema, [value]), label(`header ${name}:`)));
		}
	}
	const schemes = spec.document.components?.securitySchemes ?? {};
	for (const scheme of Object.values<Json>(schemes)) if (scheme.type === 'apiKey' && scheme.in === 'query') declared.add(scheme.name);
	for (const name of query.keys()) if (!declared.has(name)) problems.push(label(`query parameter ${name} is not in the spec`));
	problems.push(...securityProblems(spec, matched, request.headers, query).map(label));

	const requestBody = deref(spec.document, `${matched.pointer}/requestBody`);
	const contentType = request.contentType ?? headerOf(request.headers, 'content-type');
	if (isEmptyBody(request.body)) {
		if (requestBody.value?.required) problems.push(label(`a body is required (${Object.keys(requestBody.value.content ?? {}).join(', ')})`));
	} else if (!requestBody.value) {
		problems.push(label(`the spec takes no body, one was sent: ${show(request.body).slice(0, 80)}`));
	} else {
		problems.push(...bodyProblems(spec, `${requestBody.pointer}/content`, request.body, contentType, label('request body')));
	}
	return problems;
}

/** What the spec finds wrong with an answer (empty: it fits). An undocumented status is a problem. */
export function responseProblems(spec: OpenApiSpec, response: SpecResponse): string[] {
	const url = response.url ?? response.path ?? '';
	const matched = matchOperation(spec, response.method, url);
	if (!matched) return [`${response.method.toUpperCase()} ${splitUrl(url).path}: no such operation in the vendored spec`];
	const responses = matched.operation.responses ?? {};
	const code = String(response.status);
	const key = [code, `${code[0]}XX`, `${code[0]}xx`, 'default'].find((candidate) => candidate in responses);
	if (!key) return [`${matched.key}: HTTP ${code} is not documented (the spec gives ${Object.keys(responses).join(', ')})`];
	const documented = deref(spec.document, `${matched.pointer}/responses/${escapePointer(key)}`);
	const label = `${matched.key}: response body (HTTP ${code})`;
	const content = documented.value?.content;
	if (!content || Object.keys(content).length === 0) {
		return isEmptyBody(response.body) ? [] : [`${label}: the spec gives this status no body, one was sent: ${show(response.body).slice(0, 80)}`];
	}
	if (isEmptyBody(response.body)) return [`${label}: the spec gives this status a body (${Object.keys(content).join(', ')}), none was sent`];
	return bodyProblems(spec, `${documented.pointer}/content`, response.body, response.contentType, label);
}

/** A request recorded by helpers/http.cts answer(): what the node sent. */
export function fromNock(recorded: RecordedRequest): SpecRequest {
	return { method: recorded.method, url: recorded.url, headers: recorded.headers, body: recorded.body };
}

/** One entry of the stand-in's request log (sandbox.requests, GET /__sandbox/requests). */
export interface StandInLogEntry {
	method: string;
	path: string;
	query: Values;
	headers: Values;
	body: unknown;
	status: number;
	response: unknown;
	provider?: string | null;
	operation?: string | null;
}

/** The request as the stand-in received it and the answer it gave. */
export function fromStandIn(entry: StandInLogEntry): { request: SpecRequest; response: SpecResponse } {
	return {
		request: { method: entry.method, path: entry.path, query: entry.query, headers: entry.headers, body: entry.body },
		response: { method: entry.method, path: entry.path, status: entry.status, body: entry.response },
	};
}

/** Both checks on one stand-in log entry. */
export function exchangeProblems(spec: OpenApiSpec, entry: StandInLogEntry): { request: string[]; response: string[] } {
	const { request, response } = fromStandIn(entry);
	return { request: requestProblems(spec, request), response: responseProblems(spec, response) };
}

/**
 * Per operation of a spec suite: the node's requests validated, the stand-in's answers validated
 * and their statuses. The suite prints it at the end, and checks with `unexercised` that every
 * vendored operation was reached.
 */
export class SpecTally {
	private readonly rows = new Map<string, { requests: number; answers: number; statuses: Set<number> }>();

	constructor(
		private readonly spec: OpenApiSpec,
		private readonly label: string,
	) {}

	/** One exchange at `key` ("GET /path/{id}") answered `status`; `fromNode` when the node sent it. */
	count(key: string, status: number, fromNode: boolean): void {
		const entry = this.rows.get(key) ?? { requests: 0, answers: 0, statuses: new Set<number>() };
		if (fromNode) entry.requests++;
		entry.answers++;
		entry.statuses.add(status);
		this.rows.set(key, entry);
	}

	get(key: string): { requests: number; answers: number } | undefined {
		return this.rows.get(key);
	}

	keys(): IterableIterator<string> {
		return this.rows.keys();
	}

	/** "<Label> spec (repo@commit): validated", then a line per operation. */
	report(): string {
		const rows = [...this.rows]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([key, t]) => `  ${key.padEnd(42)} ${String(t.requests).padStart(4)} requests, ${String(t.answers).padStart(4)} answers (HTTP ${[...t.statuses].sort().join(', ')})`);
		return `\n${this.label} spec (${this.spec.vendored.repo}@${this.spec.vendored.commit.slice(0, 12)}): validated\n${rows.join('\n')}\n`;
	}
}

/** The vendored operations ("GET /path/{id}") that none of the given keys exercised. */
export function unexercised(spec: OpenApiSpec, keys: Iterable<string>): string[] {
	const seen = new Set(keys);
	return spec.vendored.operations.map((text) => {
		const [method, path] = text.trim().split(/\s+/);
		return `${method.toUpperCase()} ${path}`;
	}).filter((key) => !seen.has(key));
}

/**
 * The providers whose requests every unit test checks against their vendored spec (see
 * helpers/http.cts): the spec's provider id, the URL path that marks a request to its API, and the
 * problems set aside as known conflicts with that version of the spec (each with its reason).
 */
export const SPEC_CHECKED_APIS: Array<{ provider: string; path: RegExp; setAside?: (problem: string) => boolean }> = [
	{ provider: 'signalwire', path: /^\/api\/relay\/rest\// },
	// Telnyx's 10DLC API (/v2/10dlc/…) is not among the vendored operations: the official SDK is its
	// oracle (test/telnyxCampaign.test.cts), as the Plivo SDK is Plivo's.
	{ provider: 'telnyx', path: /^\/v2\/(?!10dlc\/)/, setAside: (problem) => telnyxConflictOf(problem) >= 0 },
];

/** What the specs find wrong with requests the node sent (recorded by answer()), one line each. */
export function sentProblems(records: RecordedRequest[]): string[] {
	const problems: string[] = [];
	for (const record of records) {
		const path = new URL(record.url, 'http://relative.invalid').pathname;
		const api = SPEC_CHECKED_APIS.find((candidate) => candidate.path.test(path));
		if (!api) continue;
		for (const problem of requestProblems(loadSpec(api.provider), fromNock(record))) {
			if (!api.setAside?.(problem)) problems.push(`${record.method} ${record.url}: ${problem}`);
		}
	}
	return problems;
}
