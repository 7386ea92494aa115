// Checks that package-lock.json is the complete, up-to-date record `npm ci` installs from, without
// asking the registry anything (so the answer never depends on what the registry holds today):
// - it locks exactly the dev and peer dependencies package.json declares (else npm ci refuses it);
// - every package's dependencies and optional dependencies are locked, the other platforms'
//   binaries included (macOS, Windows, Linux; x64 and arm64): a lockfile made where the registry
//   lacked some of them is rewritten by `npm install` on the next machine;
// - every locked package has its checksum.
// .ci/run runs it first, and scripts/setup.sh before `npm ci`, so a contributor who changed
// package.json sees what to do. Fix: `npm install` (npm 11), then commit package-lock.json.
const path = require('node:path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const lock = require(path.join(root, 'package-lock.json'));
const packages = lock.packages ?? {};
const problems = [];

if (lock.lockfileVersion !== 3) problems.push(`lockfileVersion is ${lock.lockfileVersion}; npm 11 writes 3`);
if (lock.name !== pkg.name || lock.version !== pkg.version) {
	problems.push(`the lockfile is for ${lock.name}@${lock.version}, package.json is ${pkg.name}@${pkg.version}`);
}

const top = packages[''] ?? {};
for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
	const declared = pkg[field] ?? {};
	const locked = top[field] ?? {};
	for (const name of new Set([...Object.keys(declared), ...Object.keys(locked)])) {
		if (declared[name] !== locked[name]) {
			problems.push(`${field}.${name}: package.json says ${declared[name] ?? '(nothing)'}, the lockfile ${locked[name] ?? '(nothing)'}`);
		}
	}
}

/** Node's lookup: node_modules/<name> beside `from`, then in each folder above it. */
function locked(from, name) {
	for (let base = from; ; ) {
		const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
		if (packages[candidate]) return true;
		if (!base) return false;
		const at = base.lastIndexOf('/node_modules/');
		base = at < 0 ? '' : base.slice(0, at);
	}
}

for (const [location, entry] of Object.entries(packages)) {
	if (location === '') continue;
	const where = location.replace(/^node_modules\//, '');
	// `resolved` may be left out (npm's omit-lockfile-registry-resolved: whatever registry is set).
	if (!entry.link && !entry.integrity) problems.push(`${where} has no integrity checksum`);
	const peerOptional = entry.peerDependenciesMeta ?? {};
	for (const name of Object.keys(entry.dependencies ?? {})) {
		if (!locked(location, name)) problems.push(`${where} needs ${name}, which is not locked`);
	}
	for (const name of Object.keys(entry.optionalDependencies ?? {})) {
		if (!locked(location, name)) problems.push(`${where} has the optional ${name} (another platform's binary?), which is not locked`);
	}
	for (const name of Object.keys(entry.peerDependencies ?? {})) {
		if (!peerOptional[name]?.optional && !locked(location, name)) problems.push(`${where} needs the peer ${name}, which is not locked`);
	}
}

if (problems.length) {
	const shown = problems.slice(0, 25);
	console.error(
		[
			'package-lock.json is out of date or incomplete:',
			...shown.map((problem) => `  - ${problem}`),
			...(problems.length > shown.length ? [`  … and ${problems.length - shown.length} more`] : []),
			'Run `npm install` (npm 11, with the registry reachable) to update it, then commit package-lock.json.',
			'Set-up installs with `npm ci`, which installs exactly the lockfile and never changes it.',
		].join('\n'),
	);
	process.exit(1);
}
console.log(`package-lock.json: ${Object.keys(packages).length - 1} packages locked, complete for every platform, matches package.json`);
