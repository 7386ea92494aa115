'use strict';

/**
 * Turns the example workflows (examples/*.json) and the provider stand-in's fake credentials into
 * files that `n8n import:credentials` / `n8n import:workflow` take. Used by scripts/demo.sh (CLI)
 * and by the end-to-end tests (require). Plain Node, no dependencies.
 *
 * Examples are stored the way a user who installed the package needs them: node type
 * `n8n-nodes-phone-numbers.phoneNumber` (the demo and the e2e tests install the packed package the
 * same way, with `bash scripts/n8n.sh install-package`), credentials "SignalWire (sandbox)" /
 * "Plivo (sandbox)".
 *
 *   node scripts/n8n-fixtures.js --base-url http://127.0.0.1:8787 --out <dir>
 *     writes <dir>/credentials.json and <dir>/workflows/<example>.json
 */

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(root, 'examples');

/** The node type of the installed package (as stored in examples/). */
const PACKAGE_NODE_TYPE = 'n8n-nodes-phone-numbers.phoneNumber';

/** The stand-in's provider modules: each knows the node's credential that reaches it. */
const STAND_IN_PROVIDERS = require(path.join(root, 'test/sandbox/providers'));

/** One credential reference (id, name) per provider credential type, made by `ref(provider name)`. */
function credentialRefs(ref) {
	return Object.fromEntries(STAND_IN_PROVIDERS.map((provider) => [provider.n8nCredential.type, ref(provider.name)]));
}

/** The credentials the examples refer to: "SignalWire (sandbox)", id sandboxSignalWire, and so on. */
const EXAMPLE_CREDENTIALS = Object.freeze(credentialRefs((name) => Object.freeze({ id: `sandbox${name}`, name: `${name} (sandbox)` })));

/**
 * Credentials for `n8n import:credentials` (plain `data`; n8n encrypts it on import) that send
 * every provider's requests to `baseUrl`.
 * `refs` picks the ids/names (default: the ones the examples use); `accounts` the fake logins
 * (default: the stand-in's DEFAULTS).
 */
function sandboxCredentials(baseUrl, refs = EXAMPLE_CREDENTIALS, accounts = require(path.join(root, 'test/sandbox/server.js')).DEFAULTS) {
	return STAND_IN_PROVIDERS.filter((provider) => refs[provider.n8nCredential.type]).map(({ id, n8nCredential: { type, data } }) => ({
		...refs[type],
		type,
		data: data(baseUrl, accounts[id]),
	}));
}

/**
 * A copy of a workflow ready to import: inactive, optionally a new id/name, and credential
 * references replaced by `credentials` (by type).
 */
function prepareWorkflow(workflow, { id, name, credentials } = {}) {
	const copy = JSON.parse(JSON.stringify(workflow));
	if (id !== undefined) copy.id = id;
	if (name !== undefined) copy.name = name;
	copy.active = false;
	for (const node of copy.nodes ?? []) {
		if (credentials && node.credentials) {
			for (const type of Object.keys(node.credentials)) {
				if (credentials[type]) node.credentials[type] = { id: credentials[type].id, name: credentials[type].name };
			}
		}
	}
	return copy;
}

function readWorkflow(file) {
	return JSON.parse(fs.readFileSync(path.resolve(root, file), 'utf8'));
}

function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => path.join(EXAMPLES_DIR, file));
}

/** Writes credentials.json and workflows/*.json for the examples into `outDir`; returns the paths. */
function writeExampleImport(outDir, baseUrl) {
	const workflowsDir = path.join(outDir, 'workflows');
	fs.mkdirSync(workflowsDir, { recursive: true });
	const credentialsFile = path.join(outDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(sandboxCredentials(baseUrl), null, '\t'));
	const workflows = [];
	for (const file of exampleFiles()) {
		const workflow = prepareWorkflow(readWorkflow(file));
		fs.writeFileSync(path.join(workflowsDir, path.basename(file)), JSON.stringify(workflow, null, '\t'));
		workflows.push({ id: workflow.id, name: workflow.name, file });
	}
	return { credentialsFile, workflowsDir, workflows };
}

module.exports = {
	PACKAGE_NODE_TYPE,
	EXAMPLE_CREDENTIALS,
	credentialRefs,
	sandboxCredentials,
	prepareWorkflow,
	readWorkflow,
	exampleFiles,
	writeExampleImport,
};

if (require.main === module) {
	const args = process.argv.slice(2);
	const arg = (name) => {
		const index = args.indexOf(name);
		return index === -1 ? undefined : args[index + 1];
	};
	const baseUrl = arg('--base-url');
	const out = arg('--out');
	if (!baseUrl || !out) {
		console.error('Usage: node scripts/n8n-fixtures.js --base-url <stand-in URL> --out <dir>');
		process.exit(2);
	}
	const result = writeExampleImport(path.resolve(out), baseUrl);
	for (const workflow of result.workflows) console.log(`${workflow.id}\t${workflow.name}`);
}
