// Runs n8n's own verification scanner (@n8n/scan-community-package, pinned in package.json)
// offline on both legs it lints when n8n reviews a package:
//   source:  this repository, with the scanner's SOURCE_FILE_PATTERNS
//            (package.json + {nodes,credentials}/**/*.{js,ts,json})
//   tarball: what `npm pack` publishes, unpacked, with the patterns the scanner uses on the
//            downloaded package (**/*.js + package.json)
// The scanner's own download/provenance steps need the published package and the internet;
// analyzePackage is the lint gate behind them. Fails when either leg fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scannerPath = fileURLToPath(import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs'));
const fromScanner = createRequire(scannerPath);

// The scanner depends on TypeScript 7, which has no compiler API; @typescript-eslint needs the
// classic one. The lockfile resolves the parser to this package's TypeScript 5.9: make sure it
// still does, so a dependency bump cannot turn the gate into a crash (or into an empty pass).
function checkTypeScript() {
	const estree = fromScanner.resolve('@typescript-eslint/typescript-estree');
	const ts = createRequire(estree)('typescript');
	const parser = fromScanner('@typescript-eslint/parser/package.json').version;
	const scanner = fromScanner('../package.json').version;
	console.log(`scanner @n8n/scan-community-package ${scanner}, @typescript-eslint/parser ${parser}, TypeScript ${ts.version}`);
	if (typeof ts.createSourceFile !== 'function') {
		console.error(
			`@typescript-eslint resolves TypeScript ${ts.version ?? '(no compiler API)'}; it needs TypeScript 5.x.\n` +
				'Keep "typescript" 5.9.x in devDependencies and reinstall from package-lock.json.',
		);
		process.exit(1);
	}
}

function unpackTarball(dir) {
	if (!fs.existsSync(path.join(root, 'dist'))) {
		console.error('dist/ is missing: run npm run build first');
		process.exit(1);
	}
	const [report] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
			cwd: root,
			encoding: 'utf8',
		}),
	);
	const packageDir = path.join(dir, 'package');
	fs.mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', path.join(dir, report.filename), '-C', packageDir, '--strip-components=1']);
	return { packageDir, filename: report.filename };
}

async function runLeg(label, dir, patterns, { analyzePackage }, glob) {
	const files = glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] });
	const started = performance.now();
	const result = await analyzePackage(dir, patterns);
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	// The scanner passes a folder with nothing to lint; here that would mean a wrong path.
	const passed = result.passed && files.length > 0;
	console.log(`\n${passed ? 'PASS' : 'FAIL'} ${label}: ${files.length} files (${patterns.join(', ')}), ${seconds} s`);
	if (files.length === 0) console.log('  no files matched');
	if (result.message) console.log(`  ${result.message}`);
	if (result.details) console.log(result.details.trimEnd());
	return passed;
}

checkTypeScript();
const scanner = await import(scannerPath);
// The scanner makes a temp folder when loaded (for its download path); have it removed at exit.
fromScanner('tmp').setGracefulCleanup();
const glob = fromScanner('fast-glob');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
try {
	const source = await runLeg('source leg (repository)', root, scanner.SOURCE_FILE_PATTERNS, scanner, glob);
	const { packageDir, filename } = unpackTarball(work);
	const tarball = await runLeg(`tarball leg (${filename})`, packageDir, ['**/*.js', 'package.json'], scanner, glob);
	if (!source || !tarball) {
		console.error('\nn8n verification scan failed: see the leg(s) marked FAIL above.');
		process.exitCode = 1;
	} else {
		console.log('\nn8n verification scan passed on both legs.');
	}
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
