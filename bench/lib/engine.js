'use strict';

/**
 * One n8n engine for the whole benchmark process: n8n-core, n8n-workflow and n8n-nodes-base all
 * come from the real n8n install in the tools folder (scripts/n8n.sh), never from ./node_modules.
 *
 * Why one set, and why that one: the built node in ./dist does `require('n8n-workflow')`, which
 * would normally resolve to this package's dev copy in ./node_modules, while n8n-nodes-base (in the
 * tools install) resolves to the tools copy. Two copies in one process means two classes for
 * NodeApiError / NodeOperationError (`instanceof` checks in the engine and in our node silently
 * fail across copies), two Expression engines and two DI containers. A real n8n loads a community
 * node against n8n's own n8n-workflow (it is a peer dependency), so we do the same: every
 * `require('n8n-workflow' | 'n8n-core' | 'reflect-metadata')` made from outside the tools install
 * (our dist, a scratch variant of it, this bench) is redirected into the tools install. Both nodes
 * then run on the exact engine a real n8n 2.41.1 uses. assertOneEngine() checks it afterwards.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');
const N8N_VERSION = '2.41.1';
const PINNED = ['n8n-workflow', 'n8n-core', 'reflect-metadata'];

/**
 * The folder of the real n8n install. scripts/n8n.sh installs it when absent (idempotent, quick when
 * present); with `install: false`, or without that script, the default folder must already hold it.
 */
function locateN8n({ install = true } = {}) {
	const script = path.join(ROOT, 'scripts/n8n.sh');
	let dir;
	if (install && fs.existsSync(script)) {
		try {
			// This n8n, whatever N8N_VERSION the shell has (scripts/n8n.sh follows it).
			const env = { ...process.env, N8N_VERSION };
			const out = execFileSync('bash', [script, 'install'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
			dir = out.trim().split('\n').pop();
		} catch (error) {
			throw new Error(`scripts/n8n.sh install failed (${error.message.split('\n')[0]}); the bench needs a real n8n ${N8N_VERSION}`);
		}
	} else {
		const tools = process.env.PHONE_NUMBERS_TOOLS || path.join(os.homedir(), '.cache/n8n-nodes-phone-numbers');
		dir = path.join(tools, `n8n-${N8N_VERSION}`);
	}
	const nodesBase = path.join(dir, 'node_modules/n8n-nodes-base/package.json');
	if (!fs.existsSync(nodesBase)) {
		throw new Error(
			`No n8n ${N8N_VERSION} install at ${dir} (n8n-nodes-base is missing). The bench compares with n8n's own HTTP Request node ` +
				`and runs both on that install's engine. Install it with: bash scripts/n8n.sh install ` +
				`(or set PHONE_NUMBERS_TOOLS to the folder that holds n8n-${N8N_VERSION}/).`,
		);
	}
	return dir;
}

/** Redirects n8n-workflow / n8n-core / reflect-metadata to the tools install for every requirer. */
function pinEngine(n8nDir) {
	const modulesDir = path.join(n8nDir, 'node_modules') + path.sep;
	const original = Module._resolveFilename;
	Module._resolveFilename = function (request, parent, isMain, options) {
		const name = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0];
		if (PINNED.includes(name) && !(parent?.filename ?? '').startsWith(modulesDir)) {
			return original.call(this, request, parent, isMain, { ...options, paths: [n8nDir] });
		}
		return original.call(this, request, parent, isMain, options);
	};
}

/** Throws when any module of n8n-workflow / n8n-core was loaded from outside the tools install. */
function assertOneEngine(n8nDir) {
	const modulesDir = path.join(n8nDir, 'node_modules') + path.sep;
	const strays = Object.keys(require.cache).filter(
		(file) => /[\\/]node_modules[\\/](n8n-workflow|n8n-core)[\\/]/.test(file) && !file.startsWith(modulesDir),
	);
	if (strays.length) throw new Error(`a second copy of n8n's engine was loaded: ${strays.slice(0, 3).join(', ')}`);
}

/**
 * Loads the engine, n8n's HTTP Request node and our node (from `distDirs`: the real ./dist first,
 * then any scratch variants) and returns a runner for [Items] -> [node] workflows.
 */
function createEngine({ n8nDir, distDirs }) {
	process.env.N8N_LOG_LEVEL ??= 'silent';
	pinEngine(n8nDir);
	require('reflect-metadata');
	const core = require('n8n-core');
	const wf = require('n8n-workflow');
	const nodesBase = path.join(n8nDir, 'node_modules/n8n-nodes-base/dist');
	const { HttpRequest } = require(path.join(nodesBase, 'nodes/HttpRequest/HttpRequest.node.js'));
	const { HttpBasicAuth } = require(path.join(nodesBase, 'credentials/HttpBasicAuth.credentials.js'));

	/** Emits the items in its `items` parameter (JSON): the start node of every bench workflow. */
	class ItemsSource {
		description = {
			displayName: 'Items',
			name: 'itemsSource',
			group: ['input'],
			version: 1,
			description: 'Emits the bench items',
			defaults: { name: 'Items' },
			inputs: [],
			outputs: [wf.NodeConnectionTypes.Main],
			properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		};

		async execute() {
			const items = JSON.parse(this.getNodeParameter('items', 0));
			return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
		}
	}

	const nodeTypeInstances = { 'bench.itemsSource': new ItemsSource(), 'n8n-nodes-base.httpRequest': new HttpRequest() };
	const credentialTypes = { httpBasicAuth: new HttpBasicAuth() };
	const ours = distDirs.map((dir, index) => {
		const { PhoneNumber } = require(path.join(dir, 'nodes/PhoneNumber/PhoneNumber.node.js'));
		const nodeType = new PhoneNumber();
		// What n8n's loader does to every declarative node: adds Options -> batching/timeout/proxy.
		core.DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
		const typeName = index === 0 ? 'n8n-nodes-phone-numbers.phoneNumber' : `bench-variant-${index}.phoneNumber`;
		nodeTypeInstances[typeName] = nodeType;
		// Credential types are global by name in n8n; every copy's are identical in shape, and each
		// copy's own instances are used for its runs (see credentialTypesFor).
		const { SignalWireApi } = require(path.join(dir, 'credentials/SignalWireApi.credentials.js'));
		const { PlivoNumbersApi } = require(path.join(dir, 'credentials/PlivoNumbersApi.credentials.js'));
		const credentialTypes = { signalWireApi: new SignalWireApi(), plivoNumbersApi: new PlivoNumbersApi() };
		// A copy built before Twilio (a --variant of an older build) has no Twilio credential.
		const twilioFile = path.join(dir, 'credentials/TwilioNumbersApi.credentials.js');
		if (fs.existsSync(twilioFile)) credentialTypes.twilioNumbersApi = new (require(twilioFile).TwilioNumbersApi)();
		return { dir, typeName, credentialTypes };
	});

	const nodeTypes = {
		getByName: (name) => nodeTypeInstances[name],
		getByNameAndVersion: (name, version) => {
			const type = nodeTypeInstances[name];
			return type instanceof wf.VersionedNodeType ? type.getNodeType(version) : type;
		},
		getKnownTypes: () => ({}),
	};

	/**
	 * Hands out stored credentials and applies a credential type's `authenticate` block exactly the
	 * way n8n's CLI CredentialsHelper (packages/cli credentials-helper.ts, 2.41) does: a function is
	 * called; a `generic` object has each key and value resolved (expressions through
	 * workflow.expression.getSimpleParameterValue with {$credentials}) and set on the request; a
	 * type without `authenticate` (httpBasicAuth: the HTTP Request node sets `auth` itself) leaves
	 * the request unchanged. getDecrypted returns the stored data with the type's defaults applied;
	 * the database read and decryption a real n8n does on every getDecrypted are NOT modelled, so
	 * the calls are counted instead (runNode returns `credentialReads`).
	 */
	class BenchCredentialsHelper extends wf.ICredentialsHelper {
		constructor(types, data) {
			super();
			this.types = types;
			this.data = data;
			this.reads = 0; // getDecrypted calls: each is a database read + decryption in a real n8n
		}

		getParentTypes() {
			return [];
		}

		isCredentialUsableByNode() {
			return true;
		}

		async authenticate(credentials, typeName, requestOptions, workflow, node) {
			const { authenticate } = this.types[typeName];
			if (!authenticate) return requestOptions;
			if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
			if (!workflow || !node) throw new Error('declarative credential authentication needs workflow and node');
			requestOptions.headers ??= {};
			if (authenticate.type === 'generic') {
				const resolve = (value) => {
					if (!wf.isExpression(value)) return value;
					const result = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
					return result ? result.toString() : '';
				};
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						requestOptions[outerKey] ??= {};
						requestOptions[outerKey][resolve(key)] = resolve(value);
					}
				}
			}
			return requestOptions;
		}

		async preAuthentication(_helpers, _credentials, typeName) {
			// n8n returns early for types without an expirable hidden property (all three here).
			const expirable = this.types[typeName].properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
			if (expirable) throw new Error('preAuthentication is not modelled by the bench');
			return undefined;
		}

		async runPreAuthentication() {
			return undefined;
		}

		async getCredentials() {
			throw new Error('not used by the bench');
		}

		async getDecrypted(_additionalData, _nodeCredentials, type) {
			const data = this.data[type];
			if (!data) throw new Error(`no bench credentials of type ${type}`);
			this.reads++;
			// As n8n's applyDefaultsAndOverwrites: the type's defaults for fields not stored.
			return wf.NodeHelpers.getNodeParameters(this.types[type].properties, { ...data }, true, false, null, null);
		}

		async updateCredentials() {}

		async updateCredentialsOauthTokenData() {}

		getCredentialsProperties(type) {
			return this.types[type].properties;
		}
	}

	let executions = 0;

	function additionalData(credentialsHelper, hooks, executionId) {
		return {
			credentialsHelper,
			hooks,
			executeWorkflow: async () => {
				throw new Error('not used');
			},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			executionId,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			formBaseUrl: 'http://localhost:5678/form',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			formTestBaseUrl: 'http://localhost:5678/form-test',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			mcpBaseUrl: 'http://localhost:5678/mcp',
			mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('not used');
			},
		};
	}

	const NODE_NAME = 'Under Test';

	/**
	 * Runs [Items] -> [node] through WorkflowExecute, as n8n runs a manual execution.
	 * `node`: {type, typeVersion, parameters, credentials}; `credentialData`: {type: data}.
	 * Returns the node's output items, its error, its own execution time (from the
	 * nodeExecuteBefore/After hooks: wall ms by performance.now(), and this process's CPU ms by
	 * process.cpuUsage(), which other processes on the machine do not inflate) and the number of
	 * credential reads.
	 */
	async function runNode({ node, items, credentialData, credentialTypes: types }) {
		const nodes = [
			{ id: 'items', name: 'Items', type: 'bench.itemsSource', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } },
			{ id: 'under-test', name: NODE_NAME, position: [200, 0], ...node },
		];
		const workflow = new wf.Workflow({
			id: 'bench',
			name: 'bench',
			nodes,
			connections: { Items: { main: [[{ node: NODE_NAME, type: wf.NodeConnectionTypes.Main, index: 0 }]] } },
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1' },
		});
		const executionId = `bench-${++executions}`;
		const hooks = new core.ExecutionLifecycleHooks('manual', executionId, {
			id: 'bench',
			name: 'bench',
			nodes,
			connections: {},
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
		});
		let started = 0;
		let cpuStarted;
		let nodeMs = NaN;
		let nodeCpuMs = NaN;
		hooks.addHandler('nodeExecuteBefore', (nodeName) => {
			if (nodeName !== NODE_NAME) return;
			started = performance.now();
			cpuStarted = process.cpuUsage();
		});
		hooks.addHandler('nodeExecuteAfter', (nodeName) => {
			if (nodeName !== NODE_NAME) return;
			nodeMs = performance.now() - started;
			const cpu = process.cpuUsage(cpuStarted);
			nodeCpuMs = (cpu.user + cpu.system) / 1000;
		});
		const helper = new BenchCredentialsHelper({ ...credentialTypes, ...types }, credentialData);
		engine.onCredentialsHelper?.(helper);
		const run = await new core.WorkflowExecute(additionalData(helper, hooks, executionId), 'manual').run({
			workflow,
			startNode: workflow.getNode('Items'),
			destinationNode: { nodeName: NODE_NAME, mode: 'inclusive' },
		});
		const task = run.data.resultData.runData[NODE_NAME]?.[0];
		return { items: task?.data?.main?.[0] ?? [], error: task?.error ?? run.data.resultData.error, nodeMs, nodeCpuMs, credentialReads: helper.reads };
	}

	/**
	 * The expression engine, started as n8n's CLI starts it (base-command.ts) with n8n 2.41's
	 * defaults (@n8n/config ExpressionEngineConfig): `vm` (isolated-vm) unless N8N_EXPRESSION_ENGINE
	 * says otherwise. Without this call n8n-workflow evaluates with its `legacy` engine, which a
	 * real n8n 2.41 only uses when told to (and warns that it is deprecated).
	 */
	async function startExpressionEngine(name) {
		if (name === 'legacy') return wf.Expression.setExpressionEngine?.('legacy');
		await wf.Expression.initExpressionEngine({
			engine: name,
			poolSize: 1,
			maxCodeCacheSize: 1024,
			bridgeTimeout: 5000,
			bridgeMemoryLimit: 128,
			lazyAcquire: false,
			compileCache: false,
		});
	}

	async function stopExpressionEngine() {
		await wf.Expression.vmEvaluator?.dispose?.();
	}

	const version = (name) => JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules', name, 'package.json'), 'utf8')).version;
	const engine = { runNode, ours, startExpressionEngine, stopExpressionEngine, versions: { n8nCore: version('n8n-core'), n8nWorkflow: version('n8n-workflow') } };
	return engine;
}

module.exports = { locateN8n, createEngine, assertOneEngine, ROOT, N8N_VERSION };
