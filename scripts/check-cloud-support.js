// `n8n-node cloud-support` (n8n's own CLI, @n8n/node-cli pinned in package.json) must say the
// package is eligible for n8n Cloud verification. That command exits 0 either way (it only shows a
// status), so this reads what it prints. It says ENABLED when package.json has "n8n": {"strict": true}
// and eslint.config.mjs is its default config up to whitespace; this also holds eslint.config.mjs
// to the CLI's template byte for byte. `n8n-node lint` (npm run lint:n8n) is the other half: the
// default config must pass.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'node_modules', '@n8n', 'node-cli');
const template = path.join(cli, 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs');
const problems = [];

const expected = fs.readFileSync(template);
const actual = fs.readFileSync(path.join(root, 'eslint.config.mjs'));
if (!actual.equals(expected)) {
	problems.push(`eslint.config.mjs is not byte for byte the template of @n8n/node-cli (${path.relative(root, template)})`);
}

const run = spawnSync(process.execPath, [path.join(cli, 'bin', 'n8n-node.mjs'), 'cloud-support'], {
	cwd: root,
	encoding: 'utf8',
	env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output);
const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
if (run.status !== 0) problems.push(`n8n-node cloud-support exited with ${run.status ?? run.signal}`);
if (!/Cloud support is ENABLED/.test(plain)) problems.push('n8n-node cloud-support does not say "Cloud support is ENABLED"');
if (!/eligible for n8n Cloud verification/.test(plain) || /NOT eligible/.test(plain)) {
	problems.push('n8n-node cloud-support does not say the package is eligible for n8n Cloud verification');
}

if (problems.length > 0) {
	console.error(`\nFAIL cloud support:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
	console.error('Restore the default config with: npx n8n-node cloud-support enable (see CONTRIBUTING.md)');
	process.exit(1);
}
console.log('PASS cloud support: ENABLED, eslint.config.mjs is n8n\'s default byte for byte');
