/**
 * The load check behind `bash scripts/n8n.sh install-package` (scripts/check-installed-package.js)
 * catches a broken package.json: copies of the package with a wrong `files` list or wrong `n8n`
 * paths are packed, installed into an n8n user folder the documented way, and must fail with a
 * message that says what is wrong. The real build passes (and the e2e and demo runs use it).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installPackage, packPackage } from '../helpers/n8n-package.cts';

const ROOT = path.resolve(__dirname, '../..');
const NODE24 = path.join(ROOT, 'scripts/node24.sh');

interface PackageJson {
	files: string[];
	n8n: { nodes: string[]; credentials: string[] };
}

let work: string;

beforeAll(() => {
	if (!fs.existsSync(path.join(ROOT, 'dist/nodes/PhoneNumber/PhoneNumber.node.js'))) throw new Error('run npm run build first');
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-numbers-package-'));
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function exec(command: string, args: string[], cwd: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(command, args, { cwd, timeout: 5 * 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
	});
}

/** `npm pack` of a copy of the built package whose package.json went through `mutate`. */
async function packVariant(name: string, mutate: (pkg: PackageJson) => void): Promise<string> {
	const dir = path.join(work, name, 'package');
	fs.mkdirSync(dir, { recursive: true });
	for (const file of ['README.md', 'LICENSE', 'dist']) fs.cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
	mutate(pkg);
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	const out = await exec('bash', [NODE24, 'npm', 'pack', '--ignore-scripts', '--loglevel=error', '--pack-destination', path.join(work, name)], dir);
	return path.join(work, name, out.trim().split('\n').pop()!);
}

const userFolder = (name: string) => path.join(work, name, 'n8n');

describe('installing the packed package into an n8n user folder', () => {
	it('loads the real build: every node and credential, from n8n-workflow of n8n itself', async () => {
		const installed = await installPackage(userFolder('real'), await packPackage(path.join(work, 'real')));
		expect(installed.directory).toBe(fs.realpathSync(path.join(userFolder('real'), '.n8n/nodes/node_modules/n8n-nodes-phone-numbers')));
		expect(installed.nodes).toContain('n8n-nodes-phone-numbers.phoneNumber');
		expect(installed.credentials).toEqual(expect.arrayContaining(['signalWireApi', 'plivoNumbersApi']));
		const modules = fs.readdirSync(path.join(userFolder('real'), '.n8n/nodes/node_modules')).filter((name) => !name.startsWith('.'));
		expect(modules).toEqual(['n8n-nodes-phone-numbers']);
	}, 120_000);

	const broken: Array<[string, (pkg: PackageJson) => void, RegExp]> = [
		['files leaves the credentials out', (pkg) => (pkg.files = ['dist/nodes', 'dist/icons']), /cannot load n8n-nodes-phone-numbers .*Cannot find module '[./]*\/credentials\/\w+\.credentials'.*check package.json "files"/],
		['files leaves the icons out', (pkg) => (pkg.files = ['dist', '!dist/icons']), /icon dist\/icons\/phone-number\.svg is not in the package/],
		['n8n.nodes names a file that is not there', (pkg) => pkg.n8n.nodes.push('dist/nodes/PhoneNumber/PhoneNumbers.node.js'), /cannot load .*PhoneNumbers\.node\.js/],
		['n8n.credentials forgets one', (pkg) => (pkg.n8n.credentials = pkg.n8n.credentials.filter((file) => !file.includes('Plivo'))), /"n8n"\."credentials" lacks dist\/credentials\/PlivoNumbersApi\.credentials\.js/],
	];
	for (const [name, mutate, message] of broken) {
		it(`fails when ${name}`, async () => {
			const slug = name.replace(/\W+/g, '-');
			const tarball = await packVariant(slug, mutate);
			await expect(installPackage(userFolder(slug), tarball)).rejects.toThrow(message);
		}, 120_000);
	}

	it('fails when a second n8n-workflow sits beside the package (what a plain npm install of the peer dependency does)', async () => {
		const nodes = path.join(userFolder('real'), '.n8n/nodes');
		fs.mkdirSync(path.join(nodes, 'node_modules/n8n-workflow'));
		fs.writeFileSync(path.join(nodes, 'node_modules/n8n-workflow/package.json'), '{"name":"n8n-workflow","version":"0.0.0"}');
		const n8nDir = (await exec('bash', [path.join(ROOT, 'scripts/n8n.sh'), 'path'], ROOT)).trim();
		await expect(exec('bash', [NODE24, 'node', path.join(ROOT, 'scripts/check-installed-package.js'), n8nDir, nodes], ROOT)).rejects.toThrow(
			/node_modules\/n8n-workflow exists: the node would load that copy of n8n-workflow instead of n8n's own/,
		);
	});
});
