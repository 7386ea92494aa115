// The test-file convention (CONTRIBUTING.md, "Tests and n8n's linter"): every TypeScript file
// under test/ ends in .cts, and imports between them name the .cts file. n8n's default ESLint
// config (`n8n-node lint`) lints **/*.ts only, with node-code rules, so tests stay out of it while
// staying TypeScript, type-checked by ts-jest.
//
//   node scripts/test-convention.js           apply it (idempotent): rename test/**/*.ts to .cts,
//                                             fix the imports, jest configs, test tsconfig, docs
//   node scripts/test-convention.js --check   change nothing; list what is not in the convention,
//                                             exit 1 if anything is (npm run check:test-files, CI)
//
// Jest configs call assertNoOldTestFiles() so a test added as .ts fails loudly instead of being
// skipped by testMatch.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const testDir = path.join(root, 'test');
const APPLY_COMMAND = 'node scripts/test-convention.js';
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage', 'test-results']);
// Jest's default moduleFileExtensions, plus cts so its crawler sees the test files.
const MODULE_FILE_EXTENSIONS = "['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'cts']";
const GUARD =
	"// Test files are .cts (CONTRIBUTING.md, \"Tests and n8n's linter\"): stop if one is still .ts.\n" +
	"require('./scripts/test-convention.js').assertNoOldTestFiles();\n";

// Whether a file exists; a dry run (--check) answers as if the renames had been made.
let exists = (file) => fs.existsSync(file);

const rel = (file) => path.relative(root, file).split(path.sep).join('/');

function walk(dir, keep, out = []) {
	if (!exists(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (SKIP_DIRS.has(entry.name)) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) walk(full, keep, out);
		else if (keep(full)) out.push(full);
	}
	return out;
}

const isOldTestFile = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');

/** test/**\/*.ts: TypeScript under test/ that n8n's default config would lint. */
function oldTestFiles() {
	return walk(testDir, isOldTestFile);
}

/** Test files outside test/ (jest's roots are under test/; n8n's config would lint them). */
function strayTestFiles() {
	const top = ['nodes', 'credentials', 'scripts', 'bench'].map((dir) => path.join(root, dir));
	return top.flatMap((dir) => walk(dir, (file) => /\.(test|spec)\.[cm]?tsx?$/.test(file)));
}

/**
 * A relative module specifier in a test file, rewritten to name the .cts file when it points at
 * one: './helpers/n8n' → './helpers/n8n.cts', './cases' → './cases/index.cts'. Imports of .js
 * files and of the node's own .ts sources are left as they are.
 */
function ctsSpecifier(fromFile, specifier) {
	const target = path.resolve(path.dirname(fromFile), specifier);
	if (specifier.endsWith('.cts')) return specifier;
	const stem = target.replace(/\.(ts|js)$/, '');
	if (stem !== target && exists(`${stem}.cts`) && !exists(target)) {
		return specifier.replace(/\.(ts|js)$/, '.cts');
	}
	if (exists(`${target}.cts`)) return `${specifier}.cts`;
	if (exists(path.join(target, 'index.cts'))) return `${specifier.replace(/\/$/, '')}/index.cts`;
	return specifier;
}

// from '…', import '…', import('…'), require('…'), require.resolve('…'), jest.mock('…') and kin.
const SPECIFIER =
	/(\bfrom\s*|\bimport\s*|\b(?:require(?:\.resolve)?|import|jest\.(?:mock|doMock|unmock|requireActual|requireMock|createMockFromModule))\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g;

function fixImports(file, text) {
	return text.replace(SPECIFIER, (whole, lead, quote, specifier) => `${lead}${quote}${ctsSpecifier(file, specifier)}${quote}`);
}

function fixJestConfig(file, text) {
	let out = text
		// testMatch globs: **/*.test.ts, **/*.e2e.test.ts, …
		.replace(/(\.test)\.ts(?=['"`])/g, '$1.cts')
		// setup files, global setup/teardown: <rootDir>/test/…/x.ts
		.replace(/<rootDir>\/(test\/[^'"`\s]*?)\.ts(?=['"`])/g, (whole, stem) =>
			exists(path.join(root, `${stem}.cts`)) ? `<rootDir>/${stem}.cts` : whole,
		)
		// ts-jest transforms .cts test files and the node's .ts sources
		.split('^.+\\\\.ts$').join('^.+\\\\.c?ts$');
	if (!/moduleFileExtensions/.test(out)) {
		out = out.replace(/module\.exports = \{\n/, (open) => `${open}\tmoduleFileExtensions: ${MODULE_FILE_EXTENSIONS},\n`);
	} else if (!/moduleFileExtensions:\s*\[[^\]]*'cts'/.test(out)) {
		out = out.replace(/(moduleFileExtensions:\s*\[[^\]]*?)(\s*\])/, "$1, 'cts'$2");
	}
	if (!out.includes('assertNoOldTestFiles()')) {
		out = out.replace(/^module\.exports = /m, (exports) => `${GUARD}${exports}`);
	}
	return out;
}

function fixTestTsconfig(file, text) {
	let out = text.replace(/"\*\*\/\*\.ts"/g, '"**/*.cts"');
	if (!out.includes('"allowImportingTsExtensions"')) {
		// noEmit is what lets tsc accept imports that name the .cts file.
		out = out.replace(/("noEmit": true,)(\s*)/, '$1$2"allowImportingTsExtensions": true,$2');
	}
	return out;
}

/**
 * Mentions of renamed files in docs and comments: `test/helpers/n8n.ts` (from the root),
 * `harness.ts` (beside the mentioning file), and globs such as `*.e2e.test.ts`.
 */
function fixMentions(file, text) {
	return text.replace(/(?<![\w./*-])([\w./*-]*[\w*-])\.ts\b(?![\w-])/g, (whole, stem) => {
		if (stem.endsWith('.d')) return whole;
		if (stem.includes('*')) return /\.test$/.test(stem) ? `${stem}.cts` : whole;
		const base = stem.startsWith('test/') ? root : path.dirname(file);
		const target = path.join(base, stem);
		return exists(`${target}.cts`) && !exists(`${target}.ts`) ? `${stem}.cts` : whole;
	});
}

function mentionFiles() {
	const text = /\.(md|js|cjs|mjs|cts|json|sh|yml|yaml)$/;
	const top = fs
		.readdirSync(root, { withFileTypes: true })
		.filter((entry) => entry.isFile() && text.test(entry.name))
		.map((entry) => path.join(root, entry.name))
		.filter((file) => !/(package-lock\.json|CHANGELOG\.md)$/.test(file));
	// This file's own examples name the old form on purpose.
	const self = (file) => file === __filename;
	const dirs = ['test', 'scripts', 'bench', '.ci', '.github', 'examples'].map((dir) => path.join(root, dir));
	return [...top, ...dirs.flatMap((dir) => walk(dir, (file) => !self(file) && (text.test(file) || file.startsWith(path.join(root, '.ci')))))];
}

/** Plans every change; applies them unless dryRun. Returns the list of what (would have) changed. */
function run({ dryRun }) {
	const changes = [];
	const stray = strayTestFiles();
	for (const file of stray) changes.push(`${rel(file)}: tests live under test/ (not fixed automatically)`);

	// 1. Renames first: later steps look for the .cts files.
	const renames = oldTestFiles().map((file) => [file, file.replace(/\.ts$/, '.cts')]);
	for (const [from, to] of renames) {
		if (exists(to)) throw new Error(`${rel(from)} and ${rel(to)} both exist: keep one`);
		changes.push(`rename ${rel(from)} → ${path.basename(to)}`);
	}
	// In a dry run nothing is renamed, so resolve as if it had been.
	const renamed = new Map(renames);
	const onDisk = exists;
	if (dryRun) {
		const willBe = new Set(renames.map(([, to]) => to));
		const gone = new Set(renames.map(([from]) => from));
		exists = (file) => willBe.has(path.resolve(file)) || (!gone.has(path.resolve(file)) && onDisk(file));
	} else {
		for (const [from, to] of renames) fs.renameSync(from, to);
	}

	try {
		const edits = [];
		const read = (file) => fs.readFileSync(renamed.get(file) && !dryRun ? renamed.get(file) : file, 'utf8');
		// 2. Imports in every test TypeScript file.
		const ctsFiles = [...walk(testDir, (file) => file.endsWith('.cts')), ...renames.map(([from]) => from)];
		for (const file of new Set(ctsFiles)) {
			const target = renamed.get(file) ?? file;
			edits.push([file, target, (text) => fixImports(target, text), 'imports']);
		}
		// 3. Jest configs and the test tsconfig(s).
		for (const name of fs.readdirSync(root).filter((n) => /^jest(\..+)?\.config\.c?js$/.test(n))) {
			const file = path.join(root, name);
			edits.push([file, file, (text) => fixJestConfig(file, text), 'jest config']);
		}
		for (const file of walk(testDir, (f) => /\/tsconfig[^/]*\.json$/.test(f))) {
			edits.push([file, file, (text) => fixTestTsconfig(file, text), 'tsconfig']);
		}
		// 4. Mentions of the renamed files in docs and comments.
		for (const file of new Set([...mentionFiles(), ...renames.map(([from]) => from)])) {
			const target = renamed.get(file) ?? file;
			edits.push([file, target, (text) => fixMentions(target, text), 'mentions']);
		}
		// Apply the edits per file in order, so a file edited twice (imports, mentions) is read once.
		const results = new Map();
		for (const [file, target, edit, what] of edits) {
			const before = results.has(target) ? results.get(target).text : read(file);
			const after = edit(before);
			const entry = results.get(target) ?? { original: before, text: before, what: new Set() };
			if (after !== before) entry.what.add(what);
			entry.text = after;
			results.set(target, entry);
		}
		for (const [target, { original, text, what }] of results) {
			if (text === original) continue;
			changes.push(`edit ${rel(target)} (${[...what].join(', ')})`);
			if (!dryRun) fs.writeFileSync(target, text);
		}
	} finally {
		exists = onDisk;
	}
	return changes;
}

/** For the jest configs: a test added as .ts would be skipped by testMatch; fail instead. */
function assertNoOldTestFiles() {
	const old = [...oldTestFiles(), ...strayTestFiles()].map(rel);
	if (old.length === 0) return;
	throw new Error(
		`TypeScript under test/ is .cts here, so n8n's linter leaves it alone (CONTRIBUTING.md, "Tests and n8n's linter").\n` +
			`Not in that form: ${old.join(', ')}\nRun: ${APPLY_COMMAND}`,
	);
}

module.exports = { assertNoOldTestFiles };

if (require.main === module) {
	const dryRun = process.argv.includes('--check');
	const changes = run({ dryRun });
	for (const change of changes) console.log(`${dryRun ? 'not in the convention: ' : ''}${change}`);
	if (dryRun && changes.length) {
		console.log(`\n${changes.length} to fix: run ${APPLY_COMMAND}`);
		process.exit(1);
	}
	console.log(changes.length === 0 ? 'test files: all .cts, imports, jest configs and tsconfig in the convention' : `\n${changes.length} changes applied`);
}
