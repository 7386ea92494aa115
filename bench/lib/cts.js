'use strict';

/**
 * Lets the (plain JavaScript) benchmarks `require` the TypeScript test harnesses (`*.cts`), so a
 * bench boots n8n exactly as the live tests do instead of keeping a copy of that code. Each `.cts`
 * file is transpiled on load with the project's own TypeScript (types dropped, imports to
 * `require`), nothing is type-checked and nothing is written to disk.
 */

const fs = require('node:fs');
const Module = require('node:module');

let ts;

function register() {
	if (Module._extensions['.cts']) return;
	ts = require('typescript');
	Module._extensions['.cts'] = function (module, filename) {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
		});
		module._compile(outputText, filename);
	};
}

module.exports = { register };
