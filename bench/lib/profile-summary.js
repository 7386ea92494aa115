'use strict';

/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) of a bench run: the top functions by self
 * time, and the inclusive ("total") time of the functions that matter for declarative routing.
 *
 *   node bench/lib/profile-summary.js <file.cpuprofile> [--items N] [--top 25] [--match regex]
 *
 * --items divides every time by the number of items the profile covers (runs x items per run),
 * so the figures read as "microseconds per item".
 */

const fs = require('node:fs');
const path = require('node:path');

const INCLUSIVE = [
	'runNode@routing-node',
	'makeRequest@routing-node',
	'resolveBaseUrl@routing-node',
	'getRequestOptionsFromParameters@routing-node',
	'getParameterValue@routing-node',
	'prepareCredentials@routing-node',
	'postProcessResponseData@routing-node',
	'rawRoutingRequest@routing-node',
	'mergeOptions@routing-node',
	'getParameterValue@workflow-expression',
	'resolveSimpleParameterValue@expression',
	'getAdditionalKeys@get-additional-keys',
	'displayParameter@node-helpers',
	'getNodeParameter@get-node-parameter',
	'httpRequestWithAuthentication@authentication',
	'authenticate@engine',
	'execute@HttpRequestV3.node',
	'request@legacy-request-adapter',
	'httpRequest@request-helper-functions',
	'runNode@workflow-execute',
	'processRunExecutionData@workflow-execute',
	'getDecrypted@engine',
	'getCredentials@base-execute-context',
];

function summarise(file, { items = 1, top = 25, match } = {}) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const label = (node) => {
		const { functionName, url, lineNumber } = node.callFrame;
		const base = url ? path.basename(url).replace(/\.js$/, '') : '';
		return `${functionName || '(anonymous)'}@${base}${url ? `:${lineNumber + 1}` : ''}`;
	};
	const key = (node) => {
		const { functionName, url } = node.callFrame;
		return `${functionName || '(anonymous)'}@${url ? path.basename(url).replace(/\.js$/, '') : ''}`;
	};
	const self = new Map();
	const inclusive = new Map();
	let total = 0;
	const { samples, timeDeltas } = profile;
	for (let i = 0; i < samples.length; i++) {
		const dt = timeDeltas[i + 1] ?? 0;
		if (dt <= 0) continue;
		let node = nodes.get(samples[i]);
		total += dt;
		const l = label(node);
		self.set(l, (self.get(l) ?? 0) + dt);
		const seen = new Set();
		while (node) {
			const k = key(node);
			if (!seen.has(k)) {
				seen.add(k);
				inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
			}
			node = nodes.get(parent.get(node.id));
		}
	}
	const us = (micro) => (micro / items).toFixed(1).padStart(9);
	const lines = [`${path.basename(file)}: ${(total / 1e6).toFixed(2)} s sampled; µs per item over ${items} items`];
	lines.push('  self time, top functions:');
	const idle = ['(idle)@', '(program)@', '(garbage collector)@'];
	for (const [name, micro] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		lines.push(`  ${us(micro)}  ${name}${idle.some((i) => name.startsWith(i)) ? '' : ''}`);
	}
	lines.push('  inclusive time:');
	const wanted = match ? [...inclusive.keys()].filter((k) => new RegExp(match).test(k)) : INCLUSIVE;
	for (const name of wanted) if (inclusive.has(name)) lines.push(`  ${us(inclusive.get(name))}  ${name}`);
	return lines.join('\n');
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const options = {};
	const files = [];
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--items') options.items = Number(args[++i]);
		else if (args[i] === '--top') options.top = Number(args[++i]);
		else if (args[i] === '--match') options.match = args[++i];
		else files.push(args[i]);
	}
	for (const file of files) console.log(summarise(file, options));
}

module.exports = { summarise };
