/**
 * n8n in queue mode, as a team runs it past one process: Redis and PostgreSQL (services.cts), one
 * n8n main (`n8n start`, EXECUTIONS_MODE=queue: it takes the webhooks and puts each execution on
 * the queue), workers (`n8n worker`: they run the executions) and, when asked, webhook processes
 * (`n8n webhook`: more processes taking production webhooks, as behind a load balancer; each on its
 * own port, all with the main's webhook URL as theirs). Each n8n process has its own user
 * folder with this package installed from the `npm pack` tarball, as README tells users to do "on
 * every n8n main and worker", and all share the database and the encryption key. Everything listens
 * on 127.0.0.1 only (checked with assertLoopbackOnly).
 *
 * QUEUE_KEEP=1 keeps the temporary folder (every log, the database); it is also kept on failure.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installPackage, packPackage } from '../helpers/n8n-package.cts';
import { freePort } from '../helpers/ports.cts';
import { assertLoopbackOnly, installN8n, LiveN8n, n8nEnv, setUpOwner, startN8n, type N8nProcess } from '../live/harness.cts';
import { startPostgres, startRedis, type Postgres, type Service } from './services.cts';

function log(line: string): void {
	process.stderr.write(`[queue] ${line}\n`);
}

/**
 * How long a dead worker's jobs stay locked before another worker's stalled-job check fails them.
 * n8n's defaults: a 60 s lock renewed every 10 s, checked every 30 s; shorter here so the crash
 * case takes seconds, not a minute and a half.
 */
const LOCKS = { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '5000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };

export interface Worker {
	readonly name: string;
	readonly process: N8nProcess;
	/** Lines "Worker started execution <id>" in its log: the executions it took, in order. */
	startedExecutions(): string[];
}

/** An `n8n webhook` process: production webhooks only, at its own address. */
export interface WebhookProcess {
	readonly name: string;
	readonly process: N8nProcess;
	/** Where it listens, e.g. http://127.0.0.1:PORT (the webhook URL n8n gives out stays the main's). */
	readonly baseUrl: string;
}

export interface QueueCluster {
	workDir: string;
	main: N8nProcess;
	workers: Worker[];
	webhookProcesses: WebhookProcess[];
	live: LiveN8n;
	redis: Service;
	postgres: Postgres;
	/** Kills worker `index` as a crash would (SIGKILL to n8n and its task runners). */
	crashWorker(index: number): Promise<void>;
	/** Starts worker `index` again (same user folder and health port) and waits until it is ready. */
	restartWorker(index: number): Promise<void>;
	stop(): Promise<void>;
}

export async function bootQueueCluster(options: { workers?: number; concurrency?: number; webhookProcesses?: number } = {}): Promise<QueueCluster> {
	const started = Date.now();
	const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
	const n8nDir = await installN8n();
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-numbers-queue-'));
	const stoppers: Array<() => Promise<void>> = [];
	const stop = async (keep: boolean) => {
		for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
		if (keep) log(`kept ${workDir} (n8n logs, redis.log, postgres.log, database)`);
		else fs.rmSync(workDir, { recursive: true, force: true });
	};
	try {
		const [redis, postgres] = await Promise.all([startRedis(path.join(workDir, 'redis')), startPostgres(path.join(workDir, 'postgres'))]);
		stoppers.push(redis.stop, postgres.stop);
		log(`redis on 127.0.0.1:${redis.port}, postgres on 127.0.0.1:${postgres.port} after ${since()}`);

		const tarball = await packPackage(workDir);
		const workerNames = Array.from({ length: options.workers ?? 2 }, (_, i) => `worker-${i + 1}`);
		const webhookNames = Array.from({ length: options.webhookProcesses ?? 0 }, (_, i) => `webhook-${i + 1}`);
		const names = ['main', ...workerNames, ...webhookNames];
		const folders = Object.fromEntries(names.map((name) => [name, path.join(workDir, name)]));
		let nodeType = '';
		for (const name of names) {
			fs.mkdirSync(folders[name]);
			const installed = await installPackage(folders[name], tarball);
			nodeType = installed.nodes.find((type) => type.endsWith('.phoneNumber')) ?? '';
			if (!nodeType) throw new Error(`the package installed for ${name} has no phoneNumber node: ${installed.nodes.join(', ')}`);
		}
		log(`package installed for ${names.join(', ')} after ${since()}`);

		const port = await freePort();
		const baseUrl = `http://127.0.0.1:${port}`;
		// What the main and every worker share: the queue, the database, the key that encrypts credentials.
		const shared = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_BULL_REDIS_PASSWORD: redis.password,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			...LOCKS,
		};
		const envFor = async (name: string, extra: Record<string, string> = {}) => ({ ...(await n8nEnv(folders[name], name === 'main' ? port : await freePort())), N8N_WEBHOOK_URL: `${baseUrl}/`, N8N_EDITOR_BASE_URL: `${baseUrl}/`, ...shared, ...extra });

		const main = startN8n(['start'], await envFor('main'), path.join(workDir, 'main.log'));
		stoppers.push(main.stop);
		await main.waitForHttp(`${baseUrl}/healthz/readiness`);
		log(`main ready at ${baseUrl} after ${since()}`);

		const concurrency = String(options.concurrency ?? 10);
		const workerEnvs = new Map<string, NodeJS.ProcessEnv>();
		const workers: Worker[] = [];
		const startWorker = async (name: string): Promise<N8nProcess> => {
			if (!workerEnvs.has(name)) workerEnvs.set(name, await envFor(name, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(await freePort()) }));
			const env = workerEnvs.get(name)!;
			const processOf = startN8n(['worker', `--concurrency=${concurrency}`], env, path.join(workDir, `${name}.log`));
			await processOf.waitForHttp(`http://127.0.0.1:${env.QUEUE_HEALTH_CHECK_PORT}/healthz/readiness`);
			assertLoopbackOnly(processOf.pid, `n8n ${name}`);
			return processOf;
		};
		const processes = await Promise.all(workerNames.map((name) => startWorker(name)));
		workerNames.forEach((name, i) => {
			let current = processes[i];
			const logFile = path.join(workDir, `${name}.log`);
			workers.push({
				name,
				get process() {
					return current;
				},
				set process(next: N8nProcess) {
					current = next;
				},
				startedExecutions: () => [...fs.readFileSync(logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
			} as Worker);
		});
		stoppers.push(async () => {
			for (const worker of workers) await worker.process.stop();
		});
		log(`${workers.length} workers ready (concurrency ${concurrency} each) after ${since()}`);

		const webhookProcesses: WebhookProcess[] = [];
		for (const name of webhookNames) {
			const ownPort = await freePort();
			const processOf = startN8n(['webhook'], await envFor(name, { N8N_PORT: String(ownPort) }), path.join(workDir, `${name}.log`));
			stoppers.push(processOf.stop);
			const ownUrl = `http://127.0.0.1:${ownPort}`;
			await processOf.waitForHttp(`${ownUrl}/healthz/readiness`);
			assertLoopbackOnly(processOf.pid, `n8n ${name}`);
			webhookProcesses.push({ name, process: processOf, baseUrl: ownUrl });
		}
		if (webhookProcesses.length) log(`${webhookProcesses.map((w) => `${w.name} at ${w.baseUrl}`).join(', ')} ready after ${since()}`);

		const sockets = assertLoopbackOnly(main.pid, 'n8n main');
		log(`main listens on ${sockets.map((s) => `${s.host}:${s.port}`).join(', ')}`);
		const owner = await setUpOwner(baseUrl);
		const live = await new LiveN8n({ baseUrl, pid: main.pid, workDir, n8nDir, nodeType, owner }).login();

		return {
			workDir,
			main,
			workers,
			webhookProcesses,
			live,
			redis,
			postgres,
			async crashWorker(index) {
				await workers[index].process.kill();
				log(`${workers[index].name} killed (SIGKILL) after ${since()}`);
			},
			async restartWorker(index) {
				(workers[index] as { process: N8nProcess }).process = await startWorker(workers[index].name);
				log(`${workers[index].name} ready again after ${since()}`);
			},
			stop: () => stop(process.env.QUEUE_KEEP === '1'),
		};
	} catch (error) {
		await stop(true);
		throw error;
	}
}
