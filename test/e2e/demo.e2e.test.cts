/**
 * The demo (scripts/demo.sh), run as `npm run demo` runs it, on free ports: n8n (`n8n start`), its
 * task broker and the provider stand-in listen on loopback only; the owner password is generated
 * for the run, printed, and works; n8n loaded the node and credentials from the installed tarball;
 * Ctrl-C (SIGTERM here) stops everything.
 */
import { freePort } from '../helpers/ports.cts';
import { n8nMajor } from '../helpers/n8n-version.cts';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';

const { assertLoopbackOnly, processTree } = require('../helpers/loopback.js') as {
	assertLoopbackOnly(pid: number, label?: string): Array<{ host: string; port: number }>;
	processTree(pid: number): number[];
};
const { PACKAGE_NODE_TYPE } = require('../../scripts/n8n-fixtures.js') as { PACKAGE_NODE_TYPE: string };

const ROOT = path.resolve(__dirname, '../..');
/** The password the demo used to print, and README used to show. */
const OLD_FIXED_PASSWORD = 'Demo-Password-1';


/** One HTTP request on its own connection (n8n closes idle keep-alive sockets under fetch's feet). */
function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
		const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

let demo: ChildProcess;
let output = '';
let exited: Promise<number | null>;
const ports = { n8n: 0, broker: 0, sandbox: 0 };
let login: { email: string; password: string };
let n8nUrl: string;

beforeAll(async () => {
	ports.n8n = await freePort();
	ports.broker = await freePort();
	ports.sandbox = await freePort();
	demo = spawn('bash', [path.join(ROOT, 'scripts/demo.sh')], {
		cwd: ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			// jest sets NODE_ENV=test, and n8n's CLI quietly does nothing in "test" mode.
			NODE_ENV: 'production',
			N8N_PORT: String(ports.n8n),
			N8N_RUNNERS_BROKER_PORT: String(ports.broker),
			SANDBOX_PORT: String(ports.sandbox),
			// npm run test:e2e has built the package already.
			DEMO_SKIP_SETUP: '1',
			// Neither an inherited password nor listen address may change what the demo does.
			DEMO_PASSWORD: '',
			N8N_LISTEN_ADDRESS: '::',
		},
	});
	demo.stdout!.on('data', (chunk) => (output += chunk));
	demo.stderr!.on('data', (chunk) => (output += chunk));
	exited = new Promise((resolve) => demo.on('exit', (code) => resolve(code)));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no demo banner after 10 min:\n${output}`)), 10 * 60_000);
		const check = () => {
			if (/Stand-in requests are shown below/.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		};
		demo.stdout!.on('data', check);
		demo.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the demo exited with ${code} before its banner:\n${output}`));
		});
	});
	const match = /Log in\s+(\S+) \/ (\S+)/.exec(output);
	if (!match) throw new Error(`no login line in the banner:\n${output}`);
	login = { email: match[1], password: match[2] };
	n8nUrl = /Open\s+(http:\/\/\S+)/.exec(output)![1];
}, 11 * 60_000);

afterAll(async () => {
	if (demo?.exitCode === null) {
		process.kill(-demo.pid!, 'SIGKILL');
		await exited;
	}
});

describe('npm run demo', () => {
	it('listens on loopback only: n8n, its task broker (n8n 2.x; 1.x starts none by default) and the stand-in, on the ports given', () => {
		const expected = (n8nMajor() >= 2 ? [ports.n8n, ports.broker, ports.sandbox] : [ports.n8n, ports.sandbox]).sort();
		const sockets = assertLoopbackOnly(demo.pid!, 'the demo');
		expect(sockets.map((s) => s.port).sort()).toEqual(expected);
		expect(sockets.every((s) => s.host === '127.0.0.1')).toBe(true);
		expect(n8nUrl).toBe(`http://127.0.0.1:${ports.n8n}`);
		const shown = /Listening \(loopback only\): (.*)/.exec(output)?.[1].trim().split(' ');
		expect(shown?.sort()).toEqual(expected.map((port) => `127.0.0.1:${port}`).sort());
	});

	it('prints a password generated for this run at start, which meets n8n rules and is not the old fixed one', () => {
		expect(login.password).not.toBe(OLD_FIXED_PASSWORD);
		expect(login.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
		expect(login.password).toMatch(/[0-9]/);
		expect(login.password).toMatch(/[A-Z]/);
		const start = output.indexOf(`owner login for this run: ${login.email} / ${login.password} (generated now`);
		expect(start).toBeGreaterThan(-1);
		expect(start).toBeLessThan(output.indexOf('starting n8n'));
	});

	it('lets the owner sign in with the printed password only, and n8n serves the installed node and credentials', async () => {
		const signIn = (password: string) =>
			request(`${n8nUrl}/rest/login`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: login.email, password }),
			});
		expect((await signIn(OLD_FIXED_PASSWORD)).status).toBe(401);
		const response = await signIn(login.password);
		expect(response.status).toBe(200);
		const cookie = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
		const types = async (file: string) => {
			const res = await request(`${n8nUrl}/types/${file}`, { headers: { cookie } });
			expect(res.status).toBe(200);
			return (JSON.parse(res.body) as Array<{ name: string }>).map((t) => t.name);
		};
		expect(await types('nodes.json')).toContain(PACKAGE_NODE_TYPE);
		expect(await types('credentials.json')).toEqual(expect.arrayContaining(['signalWireApi', 'plivoNumbersApi']));
	});

	it('stops everything on SIGTERM', async () => {
		const tree = processTree(demo.pid!);
		process.kill(demo.pid!, 'SIGTERM');
		expect(await exited).toBe(143);
		expect(output).toContain('[demo] stopped');
		const alive = tree.filter((pid) => {
			try {
				process.kill(pid, 0);
				return true;
			} catch {
				return false;
			}
		});
		expect(alive).toEqual([]);
	}, 60_000);
});
