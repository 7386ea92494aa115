// Checks what `npm pack` would publish: only dist/, README.md, LICENSE and package.json, every
// node and credential listed in package.json's n8n block present, and the tarball size.
const { execFileSync } = require('node:child_process');
const pkg = require('../package.json');

const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = report.files.map((f) => f.path);
const allowed = (path) => path.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(path);
const problems = files.filter((path) => !allowed(path)).map((path) => `not allowed in the package: ${path}`);
for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	if (!files.includes(path)) problems.push(`listed in package.json but not packed: ${path} (run npm run build)`);
}
for (const required of ['README.md', 'LICENSE', 'package.json']) {
	if (!files.includes(required)) problems.push(`missing from the package: ${required}`);
}
console.log(`package: ${report.filename}, ${files.length} files, tarball ${(report.size / 1024).toFixed(1)} kB, unpacked ${(report.unpackedSize / 1024).toFixed(1)} kB`);
if (problems.length) {
	console.error(problems.join('\n'));
	process.exit(1);
}
