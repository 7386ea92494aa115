#!/usr/bin/env node
// Vendors the part of a provider's published OpenAPI spec that the tests use: the chosen
// operations, every component they reference (transitively), and where it all came from. Writes
// test/specs/<provider>.openapi.json, which test/helpers/openapi.cts validates requests and answers
// against. The provider's spec is never committed whole: only what a test reads.
//
// From a local git checkout of the provider's spec repository (records the commit and its date):
//   node scripts/vendor-spec.js --provider signalwire --git ~/src/signalwire-docs \
//     --repo signalwire/docs --path fern/apis/signalwire-rest/openapi.yaml --commit main \
//     --op "GET /api/relay/rest/phone_numbers" --op "POST /api/relay/rest/phone_numbers" ...
// From a downloaded file (give the commit it was downloaded at; the date defaults to today):
//   curl -fsSLo openapi.yaml https://raw.githubusercontent.com/<repo>/<commit>/<path>
//   node scripts/vendor-spec.js --provider signalwire --file openapi.yaml --commit <commit> ...
// Refresh (repo, path, operations and components are read from the vendored file's x-vendored):
//   node scripts/vendor-spec.js --refresh signalwire --git ~/src/signalwire-docs [--commit <ref>]
//   node scripts/vendor-spec.js --refresh signalwire --file openapi.yaml --commit <commit>
// Other options: --component schemas/Name (a component no operation references, repeatable),
// --date YYYY-MM-DD, --out <file>, --url-only (print the raw URL to download and stop).
// README.md ("Provider specs") lists each provider's exact refresh command.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function usage(message) {
	const head = fs.readFileSync(__filename, 'utf8').split('\n').filter((line) => line.startsWith('//')).map((line) => line.slice(3));
	process.stderr.write(`${message ? `vendor-spec: ${message}\n\n` : ''}${head.join('\n')}\n`);
	process.exit(message ? 2 : 0);
}

function parseArgs(argv) {
	const args = { op: [], component: [] };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') usage();
		if (arg === '--url-only') {
			args.urlOnly = true;
			continue;
		}
		const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
		if (!match) usage(`unexpected argument ${arg}`);
		const [, name, inline] = match;
		const value = inline ?? argv[++i];
		if (value === undefined) usage(`--${name} needs a value`);
		const key = { op: 'op', operation: 'op', component: 'component' }[name];
		if (key) args[key].push(value);
		else if (['provider', 'refresh', 'git', 'file', 'repo', 'path', 'commit', 'date', 'out'].includes(name)) args[name] = value;
		else usage(`unknown option --${name}`);
	}
	return args;
}

/** "GET /a/{id}" → { method: 'get', path: '/a/{id}' }. */
function parseOperation(text) {
	const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
	if (!match || !METHODS.includes(match[1].toLowerCase())) throw new Error(`operation "${text}" is not "METHOD /path" (e.g. "GET /phone_numbers")`);
	return { method: match[1].toLowerCase(), path: match[2] };
}

/** "schemas/Name", "#/components/schemas/Name" or "Name" (a schema) → "#/components/schemas/Name". */
function componentRef(text) {
	if (text.startsWith('#/components/')) return text;
	if (text.includes('/')) return `#/components/${text}`;
	return `#/components/schemas/${escapePointer(text)}`;
}

const escapePointer = (part) => part.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (part) => part.replace(/~1/g, '/').replace(/~0/g, '~');

function resolvePointer(document, ref) {
	if (!ref.startsWith('#/')) throw new Error(`${ref}: only references inside the same file are supported`);
	let node = document;
	for (const part of ref.slice(2).split('/').map(unescapePointer)) {
		if (node === null || typeof node !== 'object' || !(part in node)) throw new Error(`${ref} does not exist in the spec`);
		node = node[part];
	}
	return node;
}

/** Every local reference in a value: $ref, and discriminator mappings (they name schemas too). */
function referencesIn(value, found = new Set()) {
	if (Array.isArray(value)) {
		for (const item of value) referencesIn(item, found);
	} else if (value && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) {
			if (key === '$ref' && typeof inner === 'string') found.add(inner);
			else if (key === 'mapping' && inner && typeof inner === 'object' && !Array.isArray(inner)) {
				for (const target of Object.values(inner)) if (typeof target === 'string' && target.startsWith('#/')) found.add(target);
			} else referencesIn(inner, found);
		}
	}
	return found;
}

/** The component a reference points into: "#/components/schemas/A/properties/b" → ["schemas", "A"]. */
function componentOf(ref) {
	const parts = ref.slice(2).split('/').map(unescapePointer);
	if (parts[0] !== 'components' || parts.length < 3) throw new Error(`${ref}: only references to #/components/... are supported`);
	return [parts[1], parts[2]];
}

function readSource(args, sourcePath) {
	if (args.git) {
		const ref = args.commit ?? 'HEAD';
		const git = (...rest) => execFileSync('git', ['-C', args.git, ...rest], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
		const commit = git('rev-parse', '--verify', `${ref}^{commit}`).trim();
		const date = git('log', '-1', '--format=%cI', commit).trim();
		return { text: git('show', `${commit}:${sourcePath}`), commit, date };
	}
	if (args.file) {
		if (!args.commit || !/^[0-9a-f]{40}$/.test(args.commit)) {
			throw new Error('--file needs --commit with the full 40-character commit the file was downloaded at');
		}
		return { text: fs.readFileSync(args.file, 'utf8'), commit: args.commit, date: args.date ?? new Date().toISOString().slice(0, 10) };
	}
	throw new Error('give the spec with --git <checkout> or --file <downloaded file>');
}

function parseSpec(text, name) {
	if (/^\s*[{[]/.test(text)) return JSON.parse(text);
	// A pinned devDependency; a YAML spec cannot be read without it.
	const YAML = require('yaml');
	return YAML.parse(text, { maxAliasCount: -1, merge: true, uniqueKeys: false, intAsBigInt: false, version: '1.2', filename: name });
}

/** The vendored document: info, servers, security, the chosen operations and their components. */
function vendor(spec, operations, extraComponents) {
	const out = { openapi: spec.openapi, info: { title: spec.info?.title, version: spec.info?.version } };
	if (spec.servers) out.servers = spec.servers;
	if (spec.security) out.security = spec.security;
	out.paths = {};
	for (const text of operations) {
		const { method, path: route } = parseOperation(text);
		const item = spec.paths?.[route];
		if (!item) throw new Error(`the spec has no path ${route}`);
		const operation = item[method];
		if (!operation) throw new Error(`the spec has no ${method.toUpperCase()} ${route} (it has ${METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()).join(', ') || 'no operation'})`);
		const target = (out.paths[route] ??= Object.fromEntries(Object.entries(item).filter(([key]) => !METHODS.includes(key))));
		target[method] = operation;
	}

	const components = {};
	const pending = [...referencesIn(out.paths), ...extraComponents.map(componentRef)];
	for (const scheme of [spec.security ?? [], ...Object.values(out.paths).flatMap((item) => METHODS.map((m) => item[m]?.security ?? []))].flat()) {
		for (const name of Object.keys(scheme)) pending.push(`#/components/securitySchemes/${escapePointer(name)}`);
	}
	const seen = new Set();
	while (pending.length) {
		const ref = pending.pop();
		if (seen.has(ref)) continue;
		seen.add(ref);
		resolvePointer(spec, ref);
		const [kind, name] = componentOf(ref);
		if (components[kind]?.[name] !== undefined) continue;
		const value = spec.components[kind][name];
		(components[kind] ??= {})[name] = value;
		pending.push(...referencesIn(value));
	}
	out.components = Object.fromEntries(
		Object.keys(components)
			.sort()
			.map((kind) => [kind, Object.fromEntries(Object.keys(components[kind]).sort().map((name) => [name, components[kind][name]]))]),
	);
	return out;
}

function main() {
	const args = parseArgs(process.argv.slice(2));
	const provider = args.refresh ?? args.provider;
	if (!provider || !/^[a-z][a-z0-9-]*$/.test(provider)) usage('give --provider <id> (or --refresh <id>), lower case');
	const out = args.out ?? path.join(ROOT, 'test', 'specs', `${provider}.openapi.json`);

	let previous = {};
	if (args.refresh) {
		if (!fs.existsSync(out)) usage(`--refresh: ${path.relative(ROOT, out)} does not exist yet; vendor it first with --provider`);
		previous = JSON.parse(fs.readFileSync(out, 'utf8'))['x-vendored'] ?? {};
	}
	const repo = args.repo ?? previous.repo;
	const sourcePath = args.path ?? previous.path;
	const operations = args.op.length ? args.op : previous.operations ?? [];
	const extra = args.component.length ? args.component : previous.components ?? [];
	if (!repo || !sourcePath) usage('give --repo owner/name and --path <file in the repo>');
	if (!operations.length) usage('give at least one --op "METHOD /path"');
	if (args.urlOnly) {
		process.stdout.write(`https://raw.githubusercontent.com/${repo}/${args.commit ?? 'main'}/${sourcePath}\n`);
		return;
	}

	const source = readSource(args, sourcePath);
	const spec = parseSpec(source.text, sourcePath);
	if (!/^3\.[01]\./.test(String(spec.openapi))) throw new Error(`expected an OpenAPI 3.0 or 3.1 document, got openapi: ${spec.openapi}`);
	const document = vendor(spec, operations, extra);
	document['x-vendored'] = {
		repo,
		path: sourcePath,
		commit: source.commit,
		date: args.date ?? source.date,
		url: `https://raw.githubusercontent.com/${repo}/${source.commit}/${sourcePath}`,
		operations,
		...(extra.length ? { components: extra } : {}),
		refresh: `node scripts/vendor-spec.js --refresh ${provider} --git <checkout of ${repo}> [--commit <ref>]`,
	};
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, `${JSON.stringify(document, null, '\t')}\n`);
	const counts = Object.entries(document.components).map(([kind, items]) => `${Object.keys(items).length} ${kind}`);
	process.stdout.write(`${path.relative(ROOT, out)}: ${operations.length} operations, ${counts.join(', ') || 'no components'} (${repo}@${source.commit.slice(0, 12)})\n`);
}

if (require.main === module) {
	try {
		main();
	} catch (error) {
		process.stderr.write(`vendor-spec: ${error.message}\n`);
		process.exit(1);
	}
}

module.exports = { vendor, parseOperation, referencesIn };
