/**
 * Runs workflows in a REAL n8n (scripts/n8n.sh: N8N_VERSION, else its default) against the provider stand-in
 * (test/sandbox/server.js) and hands each test the items n8n produced and the requests the
 * stand-in received.
 *
 * The package is the one users get: packed once (`npm pack`), installed with `npm install <tgz>` in
 * the run's n8n user folder (`.n8n/nodes`, see test/helpers/n8n-package.cts), so the node type is
 * `n8n-nodes-phone-numbers.phoneNumber` as in examples/.
 *
 * One n8n state folder per run; one stand-in per case (own port, own inventory, own request log),
 * so cases never see each other's requests. n8n boots three times in all, whatever the number of
 * cases: import:credentials, import:workflow (a folder), execute-batch (every case, one after the
 * other). Results are read back from n8n's own database, so failed executions come with their full
 * error too. Every server of the run is checked to listen on loopback only: the stand-ins (in this
 * process) and whatever each n8n CLI run opens (execute-batch starts n8n's task broker).
 */
import { freePort } from '../helpers/ports.cts';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installPackage, packPackage, type InstalledPackage } from '../helpers/n8n-package.cts';
import { n8nVersionOf } from '../helpers/n8n-version.cts';

const { createSandbox, DEFAULTS } = require('../sandbox/server.js') as {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	DEFAULTS: SandboxDefaults;
};
const { assertLoopbackOnly } = require('../helpers/loopback.js') as {
	assertLoopbackOnly(pid: number, label?: string, options?: { expectListening?: boolean }): Socket[];
};
const fixtures = require('../../scripts/n8n-fixtures.js') as {
	credentialRefs(ref: (providerName: string) => CredentialRef): Record<string, CredentialRef>;
	sandboxCredentials(baseUrl: string, refs: Record<string, CredentialRef>): unknown[];
	prepareWorkflow(workflow: unknown, options: { id: string; credentials: Record<string, CredentialRef> }): Workflow;
	readWorkflow(file: string): Workflow;
};

export const ROOT = path.resolve(__dirname, '../..');
export { DEFAULTS };

interface Socket {
	host: string;
	port: number;
}

export interface SandboxDefaults {
	signalwire: { projectId: string; apiToken: string };
	plivo: { authId: string; authToken: string };
	twilio: { accountSid: string; authToken: string };
	telnyx: { apiKey: string; publicKey: string };
}

/** One provider call as the stand-in logged it. */
export interface SandboxRequest {
	id: number;
	provider: 'signalwire' | 'plivo' | 'twilio' | null;
	operation: string | null;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | undefined>;
	body: unknown;
	status: number;
	response: unknown;
	fault: number | null;
}

export interface Sandbox {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	snapshot(): SandboxSnapshot;
	addFault(fault: Record<string, unknown>): unknown;
	readonly requests: SandboxRequest[];
}

/** A number's 10DLC campaign assignment at the stand-in. */
export interface SandboxAssignment {
	number: string;
	campaign: string;
	state: string;
}

export interface SandboxSnapshot {
	signalwire: { owned: Array<Record<string, unknown>>; availableCount: number; assignments: SandboxAssignment[] };
	plivo: { owned: Array<Record<string, unknown>>; availableCount: number; assignments: SandboxAssignment[] };
	twilio: { owned: Array<Record<string, unknown>>; availableCount: number };
	faults: unknown[];
}

interface CredentialRef {
	id: string;
	name: string;
}

interface Workflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; credentials?: Record<string, CredentialRef> }>;
}

/** An n8n item as stored in the execution. */
export interface Item {
	json: Record<string, any>;
	pairedItem?: { item: number; input?: number } | Array<{ item: number; input?: number }> | number;
}

interface TaskData {
	executionStatus?: string;
	data?: { main?: Array<Item[] | null> };
	error?: Record<string, unknown>;
}

/** The execution error n8n stored when a workflow stopped (NodeApiError/NodeOperationError fields). */
export interface ExecutionError {
	message: string;
	description?: string | null;
	httpCode?: string | null;
	name?: string;
	node?: { name: string; type: string };
	[key: string]: unknown;
}

/** What a case's tests get: the n8n execution and what the stand-in saw. */
export interface CaseRun {
	name: string;
	workflowId: string;
	/** n8n's execution status: "success", "error", ... */
	status: string;
	error?: ExecutionError;
	lastNodeExecuted?: string;
	runData: Record<string, TaskData[]>;
	/** Items of a node's output (its last run); `output` picks the output, e.g. 1 for an If's false branch. */
	items(node: string, output?: number): Item[];
	/** Whether the node ran at all. */
	ran(node: string): boolean;
	/** Provider calls, oldest first. */
	requests: SandboxRequest[];
	/** The stand-in after the run (owned numbers, etc.). */
	sandbox: Sandbox;
	baseUrl: string;
}

/**
 * One end-to-end case: a workflow file (an example, or a test-only workflow in test/e2e/workflows),
 * the stand-in it runs against, and the checks. Credential references in the workflow are pointed
 * at this case's own stand-in whatever ids the file uses.
 */
export interface E2eCase {
	name: string;
	/** Workflow JSON, relative to the repository root. */
	workflow: string;
	/** createSandbox() options (fake accounts, styles, ...). */
	sandbox?: Record<string, unknown>;
	/** Runs before n8n does: add faults, change the inventory. */
	prepare?(sandbox: Sandbox): void | Promise<void>;
	/** Test title -> check. Each becomes one jest test. */
	tests: Record<string, (run: CaseRun) => void | Promise<void>>;
}

export const basicAuth = (user: string, password: string): string =>
	`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
export const SIGNALWIRE_AUTH = basicAuth(DEFAULTS.signalwire.projectId, DEFAULTS.signalwire.apiToken);
export const PLIVO_AUTH = basicAuth(DEFAULTS.plivo.authId, DEFAULTS.plivo.authToken);
export const PLIVO_ACCOUNT = `/v1/Account/${DEFAULTS.plivo.authId}`;
export const TWILIO_AUTH = basicAuth(DEFAULTS.twilio.accountSid, DEFAULTS.twilio.authToken);
export const TWILIO_ACCOUNT = `/2010-04-01/Accounts/${DEFAULTS.twilio.accountSid}`;
export const DEFAULTS_TELNYX_AUTH = `Bearer ${DEFAULTS.telnyx.apiKey}`;

/** The parts of a logged request worth comparing: method, path, query, auth header, body, status. */
export function summary(request: SandboxRequest) {
	return {
		method: request.method,
		path: request.path,
		query: request.query,
		authorization: request.headers.authorization,
		body: request.body,
		status: request.status,
	};
}

function log(line: string): void {
	process.stderr.write(`[e2e] ${line}\n`);
}


interface Spawned {
	code: number | null;
	stdout: string;
	stderr: string;
	/** With `loopback`: every socket the process tree listened on while it ran (all on loopback). */
	listened: Socket[];
}

/**
 * Runs a command, keeps its output (also in `logFile`), kills its process group on timeout.
 * With `loopback` (a label), the process tree's listening sockets are checked with
 * assertLoopbackOnly every 200 ms while it runs; one beyond loopback fails the run.
 */
function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; logFile?: string; timeoutMs: number; loopback?: string },
): Promise<Spawned> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: ROOT, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const listened = new Map<string, Socket>();
		let exposed: Error | undefined;
		const watch = () => {
			try {
				for (const socket of assertLoopbackOnly(child.pid!, options.loopback, { expectListening: false })) listened.set(`${socket.host}:${socket.port}`, socket);
			} catch (error) {
				exposed ??= error as Error;
			}
		};
		const watcher = options.loopback ? setInterval(watch, 200) : undefined;
		const timer = setTimeout(() => {
			clearInterval(watcher);
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
			reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms\n${tail(stdout + stderr)}`));
		}, options.timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			clearInterval(watcher);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			clearInterval(watcher);
			if (options.logFile) fs.writeFileSync(options.logFile, `$ ${command} ${args.join(' ')}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n--- exit ${code}\n`);
			if (exposed) reject(exposed);
			else resolve({ code, stdout, stderr, listened: [...listened.values()] });
		});
	});
}

function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface E2eRun {
	runs: Map<string, CaseRun>;
	/** The n8n that ran the cases (scripts/n8n.sh: N8N_VERSION, else its default), e.g. "1.123.81". */
	n8nVersion: string;
	/** What n8n's loader found in the installed tarball (node and credential types). */
	installed: InstalledPackage;
	/** Sockets the n8n CLI runs listened on (the task broker), all checked to be on loopback. */
	n8nSockets: Socket[];
	/** Stops the stand-ins; removes the temporary folder unless E2E_KEEP=1 or the run failed. */
	cleanup(): Promise<void>;
	workDir: string;
}

/**
 * Imports and runs every case's workflow in one real n8n and collects the results.
 * Throws (with the n8n log's tail) when n8n itself fails; a workflow that fails is a result.
 */
export async function runCases(cases: E2eCase[]): Promise<E2eRun> {
	const started = Date.now();
	const lap = (what: string, since: number) => log(`${what}: ${((Date.now() - since) / 1000).toFixed(1)} s`);

	const names = new Set<string>();
	for (const c of cases) {
		if (names.has(c.name)) throw new Error(`two e2e cases are named "${c.name}"`);
		names.add(c.name);
	}

	const n8nScript = path.join(ROOT, 'scripts/n8n.sh');
	const install = await run('bash', [n8nScript, 'install'], { timeoutMs: 30 * 60_000 });
	if (install.code !== 0) throw new Error(`n8n install failed:\n${tail(install.stderr)}`);
	const n8nDir = install.stdout.trim().split('\n').pop()!;
	const n8nVersion = n8nVersionOf(n8nDir);
	log(`n8n ${n8nVersion} from ${n8nDir}`);

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-numbers-e2e-'));
	const userFolder = path.join(workDir, 'n8n');
	const workflowsDir = path.join(workDir, 'workflows');
	fs.mkdirSync(userFolder);
	fs.mkdirSync(workflowsDir);
	const sandboxes: Sandbox[] = [];
	let keep = process.env.E2E_KEEP === '1';
	const cleanup = async () => {
		await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
		if (keep) log(`kept ${workDir} (n8n logs, database, imported files)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	};

	try {
		// One stand-in per case, and credentials + a workflow that point at it.
		const credentials: unknown[] = [];
		const prepared: Array<{ c: E2eCase; id: string; sandbox: Sandbox; baseUrl: string }> = [];
		for (const [index, c] of cases.entries()) {
			const tag = `e2e${String(index + 1).padStart(2, '0')}`;
			const sandbox = createSandbox(c.sandbox ?? {});
			sandboxes.push(sandbox);
			const baseUrl = await sandbox.listen(0, '127.0.0.1');
			const refs = fixtures.credentialRefs((name) => ({ id: `${tag}${name}`, name: `${name} (${tag})` }));
			credentials.push(...fixtures.sandboxCredentials(baseUrl, refs));
			const id = `${tag}-${path.basename(c.workflow, '.json')}`.slice(0, 21);
			const workflow = fixtures.prepareWorkflow(fixtures.readWorkflow(c.workflow), { id, credentials: refs });
			workflow.name = `[${tag}] ${workflow.name}`;
			fs.writeFileSync(path.join(workflowsDir, `${tag}.json`), JSON.stringify(workflow, null, '\t'));
			await c.prepare?.(sandbox);
			prepared.push({ c, id, sandbox, baseUrl });
		}
		assertLoopbackOnly(process.pid, 'the provider stand-ins');

		// The package users get: packed once, `npm install`ed into this run's n8n user folder.
		const installStarted = Date.now();
		const installed = await installPackage(userFolder, await packPackage(path.join(workDir, 'pack')));
		lap('npm pack + npm install + load check', installStarted);
		const credentialsFile = path.join(workDir, 'credentials.json');
		fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, '\t'));

		const env: NodeJS.ProcessEnv = {
			...process.env,
			// jest sets NODE_ENV=test, and n8n's CLI quietly does nothing in "test" mode.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: userFolder,
			// Free ports, so a demo (5678/5679) or another run on this machine does not collide.
			N8N_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			NO_COLOR: '1',
		};
		// The installed package only: nothing loaded from a custom extensions folder.
		delete env.N8N_CUSTOM_EXTENSIONS;
		const n8nSockets: Socket[] = [];
		const n8n = async (label: string, args: string[], okCodes: Array<number | null> = [0]) => {
			const since = Date.now();
			const result = await run('bash', [n8nScript, ...args], {
				env,
				logFile: path.join(workDir, `${label}.log`),
				timeoutMs: 10 * 60_000,
				loopback: `n8n ${args[0]}`,
			});
			n8nSockets.push(...result.listened);
			lap(`n8n ${args[0]}`, since);
			if (!okCodes.includes(result.code)) {
				throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${tail(result.stdout + '\n' + result.stderr)}`);
			}
			return result;
		};

		await n8n('1-import-credentials', ['import:credentials', `--input=${credentialsFile}`]);
		await n8n('2-import-workflows', ['import:workflow', '--separate', `--input=${workflowsDir}`]);
		const batchFile = path.join(workDir, 'batch.json');
		const ids = prepared.map((p) => p.id);
		// --retries=0: a failing workflow must not run twice (it would buy twice). It exits 1 when some
		// workflow failed, and is sometimes ended by a signal while shutting down (code null) after
		// writing its summary: the summary file and the database are what count.
		await n8n('3-execute-batch', ['execute-batch', `--ids=${ids.join(',')}`, '--retries=0', '--concurrency=1', `--output=${batchFile}`], [0, 1, null]);
		if (!fs.existsSync(batchFile)) throw new Error(`n8n execute-batch wrote no ${batchFile}; see ${workDir}/3-execute-batch.log`);

		const dump = await run(process.execPath, [path.join(__dirname, 'read-executions.js'), n8nDir, path.join(userFolder, '.n8n/database.sqlite')], { timeoutMs: 60_000 });
		if (dump.code !== 0) throw new Error(`could not read n8n's executions:\n${dump.stderr}`);
		const executions = JSON.parse(dump.stdout) as Array<{ workflowId: string; status: string; data: { resultData: { runData: Record<string, TaskData[]>; error?: ExecutionError; lastNodeExecuted?: string } } }>;

		const runs = new Map<string, CaseRun>();
		for (const { c, id, sandbox, baseUrl } of prepared) {
			const own = executions.filter((e) => e.workflowId === id);
			if (own.length !== 1) throw new Error(`case "${c.name}": expected 1 execution of workflow ${id}, found ${own.length}`);
			const [execution] = own;
			const { runData, error, lastNodeExecuted } = execution.data.resultData;
			runs.set(c.name, {
				name: c.name,
				workflowId: id,
				status: execution.status,
				error,
				lastNodeExecuted,
				runData,
				items(node, output = 0) {
					const taskRuns = runData[node];
					if (!taskRuns?.length) throw new Error(`node "${node}" did not run (ran: ${Object.keys(runData).join(', ')})`);
					return taskRuns[taskRuns.length - 1].data?.main?.[output] ?? [];
				},
				ran: (node) => !!runData[node]?.length,
				requests: [...sandbox.requests],
				sandbox,
				baseUrl,
			});
		}
		lap('e2e run (stand-ins, n8n imports and executions)', started);
		return { runs, n8nVersion, installed, n8nSockets, cleanup, workDir };
	} catch (error) {
		keep = true;
		await cleanup();
		throw error;
	}
}
