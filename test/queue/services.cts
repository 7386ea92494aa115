/**
 * The servers n8n's queue mode needs, as users run them: Redis (the job queue) and PostgreSQL (the
 * database the main and the workers share; n8n warns that SQLite is not supported in queue mode).
 * Both from Debian's packages (installed with apt-get under CI when missing), each in a temporary
 * folder, on a free port of 127.0.0.1 only (checked with assertLoopbackOnly), with a password made
 * up for this run, and stopped with everything in their folder removed.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureDebianProgram, onPath } from '../helpers/debian.cts';
import { freePort } from '../helpers/ports.cts';
import { atMost, sleep } from '../live/harness.cts';

const { assertLoopbackOnly } = require('../helpers/loopback.js') as {
	assertLoopbackOnly(pid: number, label?: string): Array<{ host: string; port: number }>;
};

export interface Service {
	pid: number;
	port: number;
	password: string;
	logFile: string;
	stop(): Promise<void>;
}

function tail(file: string, lines = 30): string {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(port: number, child: ChildProcess, label: string, logFile: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${label} exited (${child.exitCode ?? child.signalCode}) before it listened:\n${tail(logFile)}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > deadline) throw new Error(`${label} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
		await sleep(200);
	}
}

function stopper(child: ChildProcess, signal: NodeJS.Signals, cleanUp: () => void): () => Promise<void> {
	return async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill(signal);
			await atMost(exited, 10_000);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
		cleanUp();
	};
}

export const REDIS_HINT = 'The queue-mode test needs Redis: install it with "sudo apt-get install -y redis-server" (Debian/Ubuntu)';

/** Debian's redis-server on a free loopback port, nothing saved to disk, with a password. */
export async function startRedis(dir: string): Promise<Service> {
	const binary = ensureDebianProgram(() => onPath('redis-server'), ['redis-server'], REDIS_HINT, 'queue');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const password = crypto.randomBytes(18).toString('hex');
	const logFile = path.join(dir, 'redis.log');
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--requirepass', password, '--logfile', logFile, '--daemonize', 'no'];
	const child = spawn(binary, args, { stdio: 'ignore' });
	await waitForPort(port, child, 'redis-server', logFile);
	assertLoopbackOnly(child.pid!, 'redis-server');
	return { pid: child.pid!, port, password, logFile, stop: stopper(child, 'SIGTERM', () => undefined) };
}

export const POSTGRES_HINT = 'The queue-mode test needs PostgreSQL: install it with "sudo apt-get install -y postgresql" (Debian/Ubuntu)';

/** The newest Debian PostgreSQL server's bin folder (/usr/lib/postgresql/<version>/bin), or one on PATH. */
function findPostgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		if (fs.existsSync(path.join(root, version, 'bin/postgres'))) return path.join(root, version, 'bin');
	}
	const onPathBinary = onPath('postgres');
	return onPathBinary && fs.existsSync(path.join(path.dirname(onPathBinary), 'initdb')) ? path.dirname(fs.realpathSync(onPathBinary)) : undefined;
}

/**
 * PostgreSQL refuses to run as root: as root, its programs run as Debian's `postgres` user
 * (setpriv, which execs, so the child's pid IS postgres's), on a folder that user owns.
 */
function asServerUser(): { wrap(command: string, args: string[]): [string, string[]]; own(dir: string): void } {
	if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args], own: () => undefined };
	const user = 'postgres';
	let ids: { uid: number; gid: number };
	try {
		ids = { uid: Number(execFileSync('id', ['-u', user]).toString()), gid: Number(execFileSync('id', ['-g', user]).toString()) };
	} catch {
		throw new Error(`running as root, PostgreSQL needs the "${user}" user (Debian's postgresql package creates it). ${POSTGRES_HINT}`);
	}
	return {
		wrap: (command, args) => ['setpriv', [`--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--init-groups', command, ...args]],
		own: (dir) => fs.chownSync(dir, ids.uid, ids.gid),
	};
}

export interface Postgres extends Service {
	user: string;
	database: string;
}

/**
 * A throw-away PostgreSQL cluster in `dir`: initdb (password login over TCP), the server on a free
 * loopback port (durability settings off: the data is thrown away), and a database for n8n.
 */
export async function startPostgres(dir: string): Promise<Postgres> {
	const bin = ensureDebianProgram(findPostgresBin, ['postgresql'], POSTGRES_HINT, 'queue');
	const runAs = asServerUser();
	fs.mkdirSync(dir, { recursive: true });
	// The server user must pass through the parent folder (mkdtemp makes it 0700): `dir` is meant to
	// sit directly in the test's temporary folder.
	const parent = path.dirname(dir);
	fs.chmodSync(parent, fs.statSync(parent).mode | 0o011);
	runAs.own(dir);
	const user = 'n8n';
	const database = 'n8n';
	const password = crypto.randomBytes(18).toString('hex');
	const passwordFile = path.join(dir, 'password');
	fs.writeFileSync(passwordFile, password, { mode: 0o600 });
	runAs.own(passwordFile);
	const data = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	runAs.own(logFile);

	const run = (command: string, args: string[]) => {
		const [file, argv] = runAs.wrap(path.join(bin, command), args);
		try {
			execFileSync(file, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGPASSWORD: password } });
		} catch (error) {
			const e = error as { stderr?: Buffer; message: string };
			throw new Error(`${command} failed: ${e.stderr?.toString().trim() || e.message}`);
		}
	};
	run('initdb', ['-D', data, '-U', user, '--pwfile', passwordFile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-instructions']);
	fs.rmSync(passwordFile);

	const port = await freePort();
	const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '100', logging_collector: 'off' };
	const [file, argv] = runAs.wrap(path.join(bin, 'postgres'), ['-D', data, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])]);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(file, argv, { cwd: dir, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	await waitForPort(port, child, 'postgres', logFile);
	assertLoopbackOnly(child.pid!, 'postgres');
	run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	// SIGINT: PostgreSQL's "fast" shutdown (rolls back open transactions, no waiting for clients).
	return { pid: child.pid!, port, password, logFile, user, database, stop: stopper(child, 'SIGINT', () => undefined) };
}
