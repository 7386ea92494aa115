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

/** The credentials the examples refer to (ids and names), one per provider credential type. */
const EXAMPLE_CREDENTIALS = Object.freeze({
	signalWireApi: Object.freeze({ id: 'sandboxSignalWire', name: 'SignalWire (sandbox)' }),
	plivoNumbersApi: Object.freeze({ id: 'sandboxPlivo', name: 'Plivo (sandbox)' }),
});

/** The stand-in's default fake accounts (kept in sync with test/sandbox/server.js DEFAULTS). */
function sandboxDefaults() {
	try {
		return require(path.join(root, 'test/sandbox/server.js')).DEFAULTS;
	} catch {
		return {
			signalwire: { projectId: 'sw-test-project', apiToken: 'sw-test-token', signingKey: 'sw-test-signing-key' },
			plivo: { authId: 'MATESTACCOUNT0000001', authToken: 'plivo-test-token' },
		};
	}
}

/**
 * Credentials for `n8n import:credentials` (plain `data`; n8n encrypts it on import) that send
 * both providers' requests to `baseUrl`.
 * `refs` picks the ids/names (default: the ones the examples use); `accounts` the fake logins.
 */
function sandboxCredentials(baseUrl, refs = EXAMPLE_CREDENTIALS, accounts = sandboxDefaults()) {
	const list = [];
	if (refs.signalWireApi) {
		list.push({
			...refs.signalWireApi,
			type: 'signalWireApi',
			data: {
				spaceUrl: 'sandbox.signalwire.com',
				projectId: accounts.signalwire.projectId,
				apiToken: accounts.signalwire.apiToken,
				// The stand-in signs inbound webhooks with it (Phone Number Trigger).
				signingSecret: accounts.signalwire.signingKey,
				baseUrl,
			},
		});
	}
	if (refs.plivoNumbersApi) {
		list.push({
			...refs.plivoNumbersApi,
			type: 'plivoNumbersApi',
			data: { authId: accounts.plivo.authId, authToken: accounts.plivo.authToken, baseUrl },
		});
	}
	return list;
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
