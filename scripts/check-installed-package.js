'use strict';

/**
 * The load check: does n8n load this package, as installed in an n8n user folder's nodes folder
 * (`<user folder>/.n8n/nodes`, where `npm install <package>` puts community nodes), with every node
 * and credential the build contains? It runs n8n's own code from the given install, the way that
 * n8n does at start:
 * - n8n 2.x: n8n-core's scanDirectoryForPackages(<nodes>/node_modules) finds the package
 *   (community-packages module, nodeLoaders()), skipping packages whose n8nNodesApiVersion is
 *   higher than it supports; n8n 1.x (no such function): LoadNodesAndCredentials
 *   .loadNodesFromNodeModules() globs `n8n-nodes-*` and `@*\/n8n-nodes-*` there and makes a
 *   LazyPackageDirectoryLoader of each, with no version check;
 * - NODE_PATH gets n8n's own module paths (LoadNodesAndCredentials.init), so the package's
 *   `require('n8n-workflow')` reaches n8n's copy (it is a peer dependency and is not installed);
 * - the package's loader loads every file listed in package.json `n8n.nodes` / `n8n.credentials`.
 * It fails, saying why, when a built node or credential is not declared in `n8n`, a declared file is
 * missing from the tarball (`files`), an icon is missing, or a second n8n-workflow would be loaded.
 *
 *   node scripts/check-installed-package.js <n8n install folder> <nodes folder> [<repo root>]
 *     prints {"package", "version", "directory", "nodes": [types], "credentials": [types]} as JSON
 *
 * Run with Node 24 (scripts/node24.sh): n8n's code needs it.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const PACKAGE_NAME = 'n8n-nodes-phone-numbers';

function fail(message) {
	console.error(`[load check] ${message}`);
	process.exit(1);
}

/** Files under `dir` whose names end with `suffix`, relative to `base`, sorted. */
function builtFiles(dir, suffix, base) {
	if (!fs.existsSync(dir)) return [];
	const found = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (entry.isFile() && entry.name.endsWith(suffix)) found.push(path.relative(base, path.join(entry.parentPath, entry.name)));
	}
	return found.sort();
}

/** The icon files a loaded type points at (`icons/<package>/<path>`), relative to the package. */
function iconFiles(type, packageName) {
	const urls = typeof type.iconUrl === 'string' ? [type.iconUrl] : Object.values(type.iconUrl ?? {});
	const prefix = `icons/${packageName}/`;
	return urls.filter((url) => url.startsWith(prefix)).map((url) => url.slice(prefix.length));
}

/** n8n 1.x's LoadNodesAndCredentials.loadNodesFromNodeModules(dir), minus the registration. */
async function scanLikeN8n1(n8nRequire, core, modulesDir) {
	const glob = n8nRequire('fast-glob');
	const options = { cwd: modulesDir, onlyDirectories: true, deep: 1 };
	const found = [...(await glob('n8n-nodes-*', options)), ...(await glob('@*/n8n-nodes-*', { ...options, deep: 2 }))];
	return found.map((packagePath) => new core.LazyPackageDirectoryLoader(path.join(modulesDir, packagePath)));
}

async function main() {
	const [n8nDir, nodesDir, repoRoot = path.resolve(__dirname, '..')] = process.argv.slice(2);
	if (!n8nDir || !nodesDir) fail('usage: node scripts/check-installed-package.js <n8n install folder> <nodes folder> [<repo root>]');
	const modulesDir = path.join(path.resolve(nodesDir), 'node_modules');
	const n8nModules = path.join(path.resolve(n8nDir), 'node_modules');
	const loaderFile = path.join(n8nModules, 'n8n/dist/load-nodes-and-credentials.js');
	if (!fs.existsSync(loaderFile)) fail(`no n8n install at ${n8nDir}`);

	// A peer dependency installed beside the package would be found before n8n's own copy.
	for (let dir = path.resolve(nodesDir); ; dir = path.dirname(dir)) {
		const copy = path.join(dir, 'node_modules/n8n-workflow');
		if (fs.existsSync(copy)) {
			fail(`${copy} exists: the node would load that copy of n8n-workflow instead of n8n's own (install with --legacy-peer-deps, outside any project)`);
		}
		if (dir === path.dirname(dir)) break;
	}

	// As LoadNodesAndCredentials.init() does before any package loads.
	process.env.NODE_PATH = [Module._nodeModulePaths(path.dirname(loaderFile)).join(path.delimiter), process.env.NODE_PATH]
		.filter(Boolean)
		.join(path.delimiter);
	Module._initPaths();
	const n8nRequire = Module.createRequire(loaderFile);
	n8nRequire('reflect-metadata');
	const core = n8nRequire('n8n-core');

	const loaders = core.scanDirectoryForPackages ? await core.scanDirectoryForPackages(modulesDir) : await scanLikeN8n1(n8nRequire, core, modulesDir);
	const loader = loaders.find((l) => l.packageName === PACKAGE_NAME);
	if (!loader) fail(`n8n finds no ${PACKAGE_NAME} in ${modulesDir} (found: ${loaders.map((l) => l.packageName).join(', ') || 'nothing'})`);
	const declared = { nodes: loader.packageJson.n8n?.nodes ?? [], credentials: loader.packageJson.n8n?.credentials ?? [] };

	// Every node and credential of the build must be declared, or n8n never loads it.
	const dist = path.join(repoRoot, 'dist');
	const built = { nodes: builtFiles(dist, '.node.js', repoRoot), credentials: builtFiles(dist, '.credentials.js', repoRoot) };
	if (!built.nodes.length) fail(`no built node in ${dist}: run npm run build first`);
	for (const kind of ['nodes', 'credentials']) {
		const missing = built[kind].filter((file) => !declared[kind].includes(file));
		if (missing.length) fail(`package.json "n8n"."${kind}" lacks ${missing.join(', ')}: n8n would not load it`);
	}

	try {
		await loader.loadAll();
	} catch (error) {
		fail(`n8n cannot load ${PACKAGE_NAME} from ${loader.directory}: ${error.message.split('\n')[0]} (check package.json "files" and the "n8n" paths)`);
	}
	const nodes = Object.keys(loader.known.nodes);
	const credentials = Object.keys(loader.known.credentials);
	if (nodes.length !== declared.nodes.length || credentials.length !== declared.credentials.length) {
		fail(`n8n loaded ${nodes.length} node(s) and ${credentials.length} credential(s); package.json declares ${declared.nodes.length} and ${declared.credentials.length}`);
	}
	for (const type of [...loader.types.nodes, ...loader.types.credentials]) {
		for (const icon of iconFiles(type, PACKAGE_NAME)) {
			if (!fs.existsSync(path.join(loader.directory, icon))) fail(`${type.name}'s icon ${icon} is not in the package (check package.json "files")`);
		}
	}
	const strays = Object.keys(require.cache).filter((file) => /[\\/]node_modules[\\/]n8n-workflow[\\/]/.test(file) && !file.startsWith(n8nModules + path.sep));
	if (strays.length) fail(`a second n8n-workflow was loaded: ${strays[0]}`);

	console.log(
		JSON.stringify({
			package: loader.packageName,
			version: loader.packageJson.version,
			directory: loader.directory,
			nodes: nodes.map((name) => `${loader.packageName}.${name}`),
			credentials,
		}),
	);
}

main().catch((error) => fail(error.stack ?? String(error)));
