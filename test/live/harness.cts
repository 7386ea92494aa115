/**
 * A live n8n for tests that need n8n RUNNING (`n8n start`), as users run it: the editor in a
 * browser, active workflows with Webhook and Schedule triggers, an AI Agent calling our node.
 *
 * One n8n boot serves every live suite: jest's globalSetup (global-setup.cts) calls `bootLiveN8n`,
 * which starts n8n on free loopback ports in a fresh user folder with this package loaded, creates
 * the owner account through the REST API and writes what the suites need into a state file. Each
 * suite file then calls `connectLiveN8n()` for a logged-in REST client, starts its own stand-ins
 * in-process (`startProviderStandIn`), creates its credentials and workflows through the REST API,
 * and cleans up what it activated. Suites run one after the other (`--runInBand`), in this jest
 * process, so n8n's process tree and the stand-ins are checked with assertLoopbackOnly from here.
 *
 * LIVE_KEEP=1 keeps the temporary folder (n8n.log, database); it is also kept when the boot fails.
 */
import { installPackage, packPackage } from '../helpers/n8n-package.cts';
import { n8nVersionOf } from '../helpers/n8n-version.cts';
import { freePort } from '../helpers/ports.cts';
import * as crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { assertLoopbackOnly } = require('../helpers/loopback.js') as {
	assertLoopbackOnly(pid: number, label?: string, options?: { expectListening?: boolean }): Array<{ host: string; port: number }>;
};
const fixtures = require('../../scripts/n8n-fixtures.js') as {
	PACKAGE_NODE_TYPE: string;
	credentialRefs(ref: (providerName: string) => CredentialRef): Record<string, CredentialRef>;
	sandboxCredentials(baseUrl: string, refs: Record<string, CredentialRef>): Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>;
	prepareWorkflow(workflow: unknown, options: { id?: string; name?: string; credentials?: Record<string, CredentialRef> }): Workflow;
	readWorkflow(file: string): Workflow;
};
const { createSandbox } = require('../sandbox/server.js') as { createSandbox(options?: Record<string, unknown>): Sandbox };

export { assertLoopbackOnly };
export const ROOT = path.resolve(__dirname, '../..');
const N8N_SCRIPT = path.join(ROOT, 'scripts/n8n.sh');
/** Where global-setup.cts tells the suites about the running n8n. */
export const STATE_ENV = 'LIVE_N8N_STATE';

export interface CredentialRef {
	id: string;
	name: string;
}

export interface WorkflowNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	parameters: Record<string, any>;
	credentials?: Record<string, CredentialRef>;
	webhookId?: string;
	[key: string]: unknown;
}

export interface Workflow {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	versionId?: string;
	[key: string]: unknown;
}

/** One provider call as the stand-in logged it (see test/sandbox/README.md). */
export interface SandboxRequest {
	provider: 'signalwire' | 'plivo' | 'twilio' | null;
	operation: string | null;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string | undefined>;
	body: unknown;
	status: number;
	response: any;
}

export interface Sandbox {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	snapshot(): { signalwire: { owned: Array<Record<string, any>>; assignments?: Array<Record<string, string>> }; plivo: { owned: Array<Record<string, any>>; assignments?: Array<Record<string, string>> } };
	/** A fault (test/sandbox/README.md): e.g. { method, path, status, afterCommit, delayMs, times }. */
	addFault(fault: Record<string, unknown>): unknown;
	readonly requests: SandboxRequest[];
}

/** What global-setup.cts writes for the suites. */
export interface LiveState {
	baseUrl: string;
	pid: number;
	workDir: string;
	n8nDir: string;
	/** The Phone Number node's type in this n8n (depends on how the package was loaded). */
	nodeType: string;
	owner: { email: string; password: string };
	/**
	 * The one signed-in session every suite (and the editor's browser) shares: n8n 2.41 allows 5
	 * sign-ins per minute per e-mail (AuthController, keyed rate limit), so the tests sign in once
	 * per n8n process, in global-setup, and never again.
	 */
	session?: Session;
}

/** n8n's session: the `n8n-auth` cookie and the browser id it is bound to (n8n checks both). */
export interface Session {
	cookie: string;
	browserId: string;
}

function log(line: string): void {
	process.stderr.write(`[live] ${line}\n`);
}


function runScript(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [N8N_SCRIPT, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

function tail(text: string, lines = 40): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface HttpAnswer {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	/** The body parsed as JSON, or the text when it is not JSON. */
	body: any;
	ms: number;
}

/**
 * One HTTP request on a fresh connection (no keep-alive: n8n closes idle sockets, and a reused
 * closed socket would fail a test for nothing).
 */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
	const since = performance.now();
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => {
				let body: any = text;
				try {
					body = text ? JSON.parse(text) : undefined;
				} catch {
					// not JSON
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body, ms: performance.now() - since });
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, at most `ms`; the timer does not outlive it (jest would wait for it at exit). */
export async function atMost(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
	clearTimeout(timer);
}

/**
 * Loads this package into the n8n that will run with `userFolder`: the ONE place that decides how.
 * As users install it by hand: the `npm pack` tarball installed into `<userFolder>/.n8n/nodes`
 * (test/helpers/n8n-package.cts, shared with the e2e and the demo), so the node types are the
 * package's own.
 */
export async function loadPackage(workDir: string, userFolder: string): Promise<{ env: Record<string, string>; nodeType: string }> {
	const installed = await installPackage(userFolder, await packPackage(workDir));
	const nodeType = installed.nodes.find((type) => type.endsWith('.phoneNumber'));
	if (!nodeType) throw new Error(`the installed package has no phoneNumber node: ${installed.nodes.join(', ')}`);
	return { env: {}, nodeType };
}

export interface BootedN8n {
	state: LiveState;
	stop(): Promise<void>;
	/** Leaves n8n running when this process ends (LIVE_KEEP_RUNNING). */
	release(): void;
}

/**
 * What every n8n process of the tests runs with (scripts/n8n.sh adds its quiet, offline,
 * loopback-only defaults): this user folder, the editor/API/webhooks on `port` (127.0.0.1), a task
 * broker on its own free port (two n8n processes on one machine need two), executions saved.
 */
export async function n8nEnv(userFolder: string, port: number): Promise<NodeJS.ProcessEnv> {
	const baseUrl = `http://127.0.0.1:${port}`;
	return {
		...process.env,
		// jest sets NODE_ENV=test, and n8n's CLI quietly does nothing in "test" mode.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		// Loopback only: the editor/REST/webhook server and the task runners' broker.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_HOST: '127.0.0.1',
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		// The session cookie over plain http.
		N8N_SECURE_COOKIE: 'false',
		// Publishing (activating) goes through an outbox n8n polls every 15 s by default; 1 s keeps
		// the suites short. activate()/deactivate() wait for the outcome either way.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		NO_COLOR: '1',
	};
}

/** One n8n process (`n8n start`, `n8n worker`, ...) started by `startN8n`. */
export interface N8nProcess {
	readonly pid: number;
	readonly logFile: string;
	/** Why it exited, once it has. */
	readonly exited: string | undefined;
	/** The log so far. */
	log(): string;
	/** SIGTERM to its process group (n8n and its task runners), SIGKILL after 10 s. */
	stop(): Promise<void>;
	/** SIGKILL to its whole process group at once, as a crash or an out-of-memory kill does. */
	kill(): Promise<void>;
	/** Waits until GET `url` answers 200; throws with the log's tail if n8n exits first or takes too long. */
	waitForHttp(url: string, timeoutMs?: number): Promise<void>;
	/** Lets this process end while n8n keeps running. */
	release(): void;
}

/** Starts `n8n <args>` (scripts/n8n.sh) in its own process group, its output appended to `logFile`. */
export function startN8n(args: string[], env: NodeJS.ProcessEnv, logFile: string): N8nProcess {
	const out = fs.openSync(logFile, 'a');
	// Its own process group, so stop() ends n8n and its task runners together.
	const child: ChildProcess = spawn('bash', [N8N_SCRIPT, ...args], { cwd: ROOT, env, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	let exited: string | undefined;
	const exit = new Promise<void>((resolve) =>
		child.on('exit', (code, signal) => {
			exited = `n8n ${args[0]} exited (code ${code}, signal ${signal})`;
			resolve();
		}),
	);
	const signalGroup = (signal: NodeJS.Signals) => {
		try {
			process.kill(-child.pid!, signal);
		} catch {
			// already gone
		}
	};
	const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
	return {
		pid: child.pid!,
		logFile,
		get exited() {
			return exited;
		},
		log: readLog,
		async stop() {
			if (exited) return;
			signalGroup('SIGTERM');
			await atMost(exit, 10_000);
			if (!exited) signalGroup('SIGKILL');
			await atMost(exit, 5_000);
		},
		async kill() {
			signalGroup('SIGKILL');
			await atMost(exit, 5_000);
		},
		release: () => child.unref(),
		async waitForHttp(url: string, timeoutMs = 180_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				if (exited) throw new Error(`${exited} before it was ready:\n${tail(readLog())}`);
				if (Date.now() > deadline) throw new Error(`n8n ${args[0]} was not ready after ${timeoutMs / 1000} s:\n${tail(readLog())}`);
				try {
					if ((await request(url)).status === 200) return;
				} catch {
					// not listening yet
				}
				await sleep(500);
			}
		},
	};
}

/**
 * Creates the owner account through the REST API of a freshly started n8n main. n8n 1.x answers
 * its readiness check before its REST API works: on a first start it runs its database migrations
 * (~30 s idle, minutes on a busy machine) and meanwhile answers 404 (no REST routes yet), then 503
 * "Database is not ready!". Both mean "not yet": asked again until the route answers, while `n8n`
 * (when given) still runs, for at most `patienceMs`.
 */
export async function setUpOwner(baseUrl: string, n8n?: Pick<N8nProcess, 'exited' | 'log'>, patienceMs = 5 * 60_000): Promise<LiveState['owner']> {
	const owner = { email: 'live@example.com', password: 'Live-Password-1' };
	const deadline = Date.now() + patienceMs;
	for (let waited = false; ; waited = true) {
		const setup = await request(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ ...owner, firstName: 'Live', lastName: 'Tester' }),
		});
		if ((setup.status === 404 || setup.status === 503) && Date.now() < deadline && !n8n?.exited) {
			if (!waited) log('n8n is ready but its REST API is not there yet (n8n 1.x migrating its database): waiting for it');
			await sleep(1000);
			continue;
		}
		if (n8n?.exited) throw new Error(`${n8n.exited} before its REST API answered:\n${tail(n8n.log())}`);
		if (setup.status !== 200) throw new Error(`owner set-up answered HTTP ${setup.status}: ${setup.text}`);
		return owner;
	}
}

/**
 * Signs in as the owner: call it once per n8n process (LiveState.session shares the result).
 * n8n's own limit (5 sign-ins per minute per e-mail) is waited out, never failed on: a 429 here
 * says how fast the machine is, nothing about the package.
 */
export async function signIn(baseUrl: string, owner: LiveState['owner'], patienceMs = 3 * 60_000): Promise<Session> {
	const browserId = `live-tests-${crypto.randomUUID()}`;
	const deadline = Date.now() + patienceMs;
	for (;;) {
		const response = await request(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'browser-id': browserId },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (response.status === 429 && Date.now() < deadline) {
			const retryAfter = Number(response.headers['retry-after']);
			const waitMs = Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 15_000, Math.max(deadline - Date.now(), 0));
			log(`n8n's sign-in limit answered HTTP 429; signing in again in ${Math.ceil(waitMs / 1000)} s`);
			await sleep(waitMs);
			continue;
		}
		if (response.status !== 200) throw new Error(`login answered HTTP ${response.status}: ${response.text}`);
		const cookie = (response.headers['set-cookie'] ?? []).find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('login set no n8n-auth cookie');
		return { cookie: cookie.split(';')[0], browserId };
	}
}

/** The major version of the n8n installed in `n8nDir`: 1 or 2. */
export function n8nMajorOf(n8nDir: string): number {
	return Number(n8nVersionOf(n8nDir).split('.')[0]);
}

/** Installs the pinned n8n if needed (scripts/n8n.sh install, N8N_VERSION or its default); returns its folder. */
export async function installN8n(): Promise<string> {
	if (!fs.existsSync(path.join(ROOT, 'dist/nodes/PhoneNumber/PhoneNumber.node.js'))) {
		throw new Error('dist/ is missing: run "npm run build" first');
	}
	const install = await runScript(['install']);
	if (install.code !== 0) throw new Error(`n8n install failed:\n${tail(install.stderr)}`);
	return install.stdout.trim().split('\n').pop()!;
}

/**
 * Starts `n8n start` (scripts/n8n.sh) on free loopback ports in a fresh user folder with the
 * package loaded, waits until it is ready, checks it listens on loopback only and creates the owner.
 * `env` adds to n8n's environment (the purchase bench: NODE_OPTIONS for a CPU profile).
 */
export async function bootLiveN8n(options: { env?: NodeJS.ProcessEnv } = {}): Promise<BootedN8n> {
	const started = Date.now();
	const n8nDir = await installN8n();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-numbers-live-'));
	const userFolder = path.join(workDir, 'n8n');
	fs.mkdirSync(userFolder);
	const loaded = await loadPackage(workDir, userFolder);
	const port = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const n8n = startN8n(['start'], { ...(await n8nEnv(userFolder, port)), ...loaded.env, ...options.env }, path.join(workDir, 'n8n.log'));
	const stop = async (keep = process.env.LIVE_KEEP === '1') => {
		await n8n.stop();
		if (keep) log(`kept ${workDir} (n8n.log, database)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	};

	try {
		await n8n.waitForHttp(`${baseUrl}/healthz/readiness`);
		log(`n8n ${n8nVersionOf(n8nDir)} ready at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${n8n.logFile})`);
		const sockets = assertLoopbackOnly(n8n.pid, 'n8n');
		log(`n8n listens on ${sockets.map((s) => `${s.host}:${s.port}`).join(', ')}`);
		const owner = await setUpOwner(baseUrl, n8n);
		const session = await signIn(baseUrl, owner);
		const state: LiveState = { baseUrl, pid: n8n.pid, workDir, n8nDir, nodeType: loaded.nodeType, owner, session };
		return { state, stop: () => stop(), release: () => n8n.release() };
	} catch (error) {
		await stop(true);
		throw error;
	}
}

export function readState(): LiveState {
	const file = process.env[STATE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(`${STATE_ENV} is not set: run the live tests with "npm run test:live" (jest.live.config.js boots n8n)`);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8')) as LiveState;
}

export class RestError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(message);
	}
}

interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/** An execution as n8n's REST API returns it, its run data already unpacked. */
export interface Execution {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt?: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: Record<string, Array<Array<{ json: Record<string, any> }> | null>>; error?: Record<string, any>; executionStatus?: string }>>;
			error?: Record<string, any>;
			lastNodeExecuted?: string;
		};
	};
}

/** A logged-in session with the running n8n: REST calls, workflows, webhooks, executions. */
export class LiveN8n {
	private session: Session = { cookie: '', browserId: '' };
	private readonly flatted: { parse(text: string): any };

	constructor(readonly state: LiveState) {
		this.flatted = require(path.join(state.n8nDir, 'node_modules/flatted'));
	}

	get baseUrl(): string {
		return this.state.baseUrl;
	}

	get nodeType(): string {
		return this.state.nodeType;
	}

	/** The running n8n's version, e.g. "2.41.1" or "1.123.81". */
	get n8nVersion(): string {
		return n8nVersionOf(this.state.n8nDir);
	}

	/** The running n8n's major version: 1 or 2 (the editor and the REST API differ here and there). */
	get n8nMajor(): number {
		return n8nMajorOf(this.state.n8nDir);
	}

	/** n8n's process id (its task runners are its descendants). */
	get pid(): number {
		return this.state.pid;
	}

	/** The session cookie, e.g. to hand to a browser context. */
	get sessionCookie(): { name: string; value: string } {
		const [name, value] = this.session.cookie.split('=');
		return { name, value };
	}

	/** The browser id the session is bound to: a browser sharing the session must send the same one. */
	get browserId(): string {
		return this.session.browserId;
	}

	/** Signs in, unless the state already carries the session of this n8n process (see LiveState.session). */
	async login(): Promise<this> {
		this.session = this.state.session ?? (await signIn(this.baseUrl, this.state.owner));
		return this;
	}

	/** Any request to n8n as the logged-in owner (e.g. `/types/nodes.json`, which the editor loads). */
	async asOwner(pathname: string, options: { method?: string; body?: string } = {}): Promise<HttpAnswer> {
		return await request(`${this.baseUrl}${pathname}`, {
			...options,
			headers: { 'Content-Type': 'application/json', 'browser-id': this.session.browserId, cookie: this.session.cookie },
		});
	}

	/** A REST call as the owner; returns `data` of n8n's `{ data }` answer. */
	async rest<T = any>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await this.asOwner(`/rest${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
		const parsed = response.body;
		if (response.status >= 300) throw new RestError(`${method} /rest${route} answered HTTP ${response.status}: ${response.text.slice(0, 500)}`, response.status, parsed);
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	async createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<CredentialRef> {
		const created = await this.rest<{ id: string; name: string }>('POST', '/credentials', {
			name: credential.name,
			type: credential.type,
			data: credential.data,
		});
		return { id: created.id, name: created.name };
	}

	/**
	 * Creates a workflow from an example/test file (or object): the Phone Number node types set to
	 * this n8n's, credential references replaced by `credentials` (by credential type).
	 */
	async createWorkflow(source: string | Workflow, options: { name?: string; credentials?: Record<string, CredentialRef> } = {}): Promise<Workflow & { id: string; versionId: string }> {
		const workflow = typeof source === 'string' ? fixtures.readWorkflow(source) : source;
		const prepared = fixtures.prepareWorkflow(workflow, { name: options.name, credentials: options.credentials });
		const { id: _id, active: _active, ...body } = prepared;
		// n8n 1.x stores a new workflow only with `active: false` in it (as its editor sends); 2.x decides that itself.
		return await this.rest('POST', '/workflows', this.n8nMajor < 2 ? { ...body, active: false } : body);
	}

	async getWorkflow(id: string): Promise<Workflow & { id: string; versionId: string; active: boolean }> {
		return await this.rest('GET', `/workflows/${id}`);
	}

	/**
	 * Publishes (activates) the workflow's current version and waits until n8n reports its triggers
	 * live (n8n 2.x publishes through an outbox, asynchronously); throws with n8n's reason otherwise.
	 * n8n 1.x activates within the request (its triggers are live, or it answers 400 with the
	 * reason) and has no publication status: its answer is the outcome.
	 */
	async activate(id: string, timeoutMs = 60_000): Promise<void> {
		const { versionId } = await this.getWorkflow(id);
		const answer = await this.rest<{ active?: boolean; activeVersionId?: string | null }>('POST', `/workflows/${id}/activate`, { versionId });
		if (this.n8nMajor < 2) {
			if (!answer.active) throw new Error(`workflow ${id} is not active after activation: ${JSON.stringify(answer).slice(0, 300)}`);
			return;
		}
		await this.waitForPublication(id, (s) => s.liveVersionId === versionId && s.pendingVersionId === null, timeoutMs);
	}

	/** Unpublishes (deactivates) the workflow and waits until none of its triggers is live (n8n 1.x: within the request). */
	async deactivate(id: string, timeoutMs = 60_000): Promise<void> {
		const answer = await this.rest<{ active?: boolean }>('POST', `/workflows/${id}/deactivate`, {});
		if (this.n8nMajor < 2) {
			if (answer.active) throw new Error(`workflow ${id} is still active after deactivation`);
			return;
		}
		await this.waitForPublication(id, (s) => s.status === 'not_published' || (s.pendingVersionId === null && s.liveVersionId === null), timeoutMs);
	}

	private async waitForPublication(id: string, done: (status: PublicationStatus) => boolean, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const status = await this.rest<PublicationStatus>('GET', `/workflows/${id}/publication-status`);
			if (done(status)) return;
			if (status.status === 'failed' || status.status === 'partial') {
				throw new Error(`workflow ${id} did not publish: ${JSON.stringify(status.triggers)}`);
			}
			if (Date.now() > deadline) throw new Error(`workflow ${id}: publication still ${JSON.stringify(status)} after ${timeoutMs} ms`);
			await sleep(250);
		}
	}

	async archive(id: string): Promise<void> {
		await this.rest('POST', `/workflows/${id}/archive`, {});
	}

	/**
	 * Calls a webhook. `test: true` uses the test URL (`/webhook-test/...`), which answers only
	 * while the editor (or `listenForTestWebhook`) waits for it.
	 */
	async webhook(webhookPath: string, options: { method?: string; body?: unknown; test?: boolean; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
		return await request(`${this.baseUrl}/${options.test ? 'webhook-test' : 'webhook'}/${webhookPath.replace(/^\//, '')}`, {
			method: options.method ?? 'POST',
			headers: { 'Content-Type': 'application/json', ...options.headers },
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
		});
	}

	/** Makes n8n wait for one call of the workflow's test webhook, as "Execute workflow" in the editor does. */
	async listenForTestWebhook(workflowId: string, triggerName: string): Promise<void> {
		const workflow = await this.getWorkflow(workflowId);
		await this.rest('POST', `/workflows/${workflowId}/run`, { workflowData: workflow, triggerToStartFrom: { name: triggerName } });
	}

	/**
	 * The workflow's executions, newest first, without run data: every page of n8n's list. Not with
	 * n8n's own cursor: n8n 2.41 sorts the list by start time but pages by `id < last id`, which
	 * skips executions that got a higher id but started earlier (queue mode, concurrent webhooks:
	 * measured, 5 of 220 missing). So each next page asks for what started at or before the oldest
	 * start seen, and repeats are dropped.
	 */
	async executions(workflowId: string): Promise<Execution[]> {
		const seen = new Map<string, Execution>();
		const startOf = (e: Execution & { createdAt?: string }) => e.startedAt ?? e.createdAt ?? '';
		for (let before: string | undefined; ; ) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId, ...(before ? { startedBefore: before } : {}) }));
			const page = await this.rest<{ results: Execution[] }>('GET', `/executions?filter=${filter}&limit=100`);
			const fresh = page.results.filter((e) => !seen.has(e.id));
			for (const execution of fresh) seen.set(execution.id, execution);
			if (page.results.length < 100 || fresh.length === 0) break;
			before = page.results.map(startOf).filter(Boolean).sort()[0];
		}
		return [...seen.values()].sort((a, b) => startOf(b).localeCompare(startOf(a)) || Number(b.id) - Number(a.id));
	}

	/** One execution with its run data (n8n stores it "flatted"; unpacked here). */
	async execution(id: string): Promise<Execution> {
		const execution = await this.rest<Execution & { data: string }>('GET', `/executions/${id}`);
		return { ...execution, data: typeof execution.data === 'string' ? this.flatted.parse(execution.data) : execution.data };
	}

	/** Waits until `predicate` holds for the workflow's finished executions; returns them (with run data). */
	async waitForExecutions(workflowId: string, predicate: (executions: Execution[]) => boolean, timeoutMs = 30_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = (await this.executions(workflowId)).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			const full = await Promise.all(finished.map((e) => this.execution(e.id)));
			if (predicate(full)) return full;
			if (Date.now() > deadline) throw new Error(`workflow ${workflowId}: executions did not reach the expected state in ${timeoutMs} ms (${full.map((e) => e.status).join(', ') || 'none'})`);
			await sleep(500);
		}
	}
}

/** Items a node put out in an execution (its last run, output 0 unless told). */
export function nodeOutput(execution: Execution, node: string, output = 0): Array<Record<string, any>> {
	const runs = execution.data?.resultData.runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run in execution ${execution.id} (ran: ${Object.keys(execution.data?.resultData.runData ?? {}).join(', ')})`);
	const data = runs[runs.length - 1].data ?? {};
	const first = Object.values(data)[0];
	const items = (data.main ?? first)?.[output] ?? [];
	return items.map((item) => item.json);
}

/** A client for the n8n that global-setup.cts started, with the session global-setup signed in (no new sign-in). */
export async function connectLiveN8n(): Promise<LiveN8n> {
	return await new LiveN8n(readState()).login();
}

export interface ProviderStandIn {
	sandbox: Sandbox;
	baseUrl: string;
	/** Credentials in n8n pointing at this stand-in, by credential type. */
	credentials: { signalWireApi: CredentialRef; plivoNumbersApi: CredentialRef; twilioNumbersApi: CredentialRef };
	close(): Promise<void>;
}

/**
 * The provider stand-in (test/sandbox/server.js), in this process on a free loopback port, plus a
 * SignalWire and a Plivo credential in n8n pointing at it (named "<label> SignalWire"/"Plivo").
 */
export async function startProviderStandIn(live: LiveN8n, label: string, options: Record<string, unknown> = {}): Promise<ProviderStandIn> {
	const sandbox = createSandbox({ log: () => undefined, ...options });
	const baseUrl = await sandbox.listen(0, '127.0.0.1');
	const sockets = assertLoopbackOnly(process.pid, `${label} provider stand-in`);
	if (!sockets.some((s) => baseUrl.endsWith(`:${s.port}`))) throw new Error(`the stand-in at ${baseUrl} is not among this process's listening sockets`);
	const refs = fixtures.credentialRefs((name) => ({ id: '', name: `${label} ${name}` }));
	const created: Partial<ProviderStandIn['credentials']> = {};
	for (const credential of fixtures.sandboxCredentials(baseUrl, refs)) {
		created[credential.type as keyof ProviderStandIn['credentials']] = await live.createCredential(credential);
	}
	return { sandbox, baseUrl, credentials: created as ProviderStandIn['credentials'], close: () => sandbox.close() };
}
