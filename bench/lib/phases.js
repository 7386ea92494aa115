'use strict';

/**
 * `--phases`: where each node's per-item work goes inside n8n-core's RoutingNode. Wraps the
 * engine's methods (in the tools install, at runtime, nothing on disk changes) to count, per item:
 * how many expressions are evaluated (Expression#resolveSimpleParameterValue with a "=..." value),
 * how many getNodeParameter calls are made, and how long each phase takes (synchronous part,
 * inclusive, performance.now()).
 *
 * RoutingNode.runNode prepares every item synchronously before awaiting any request, so a phase
 * label set around a synchronous call is exact; for async functions only the part before their
 * first await is attributed (continuations land under "(after await)").
 */

const path = require('node:path');

function instrument(n8nDir) {
	const modules = path.join(n8nDir, 'node_modules');
	const core = require(path.join(modules, 'n8n-core'));
	const { Expression, isExpression } = require(path.join(modules, 'n8n-workflow'));
	const { HttpRequestV3 } = require(path.join(modules, 'n8n-nodes-base/dist/nodes/HttpRequest/V3/HttpRequestV3.node.js'));

	const stack = [];
	let current; // provider being recorded, or undefined
	const tally = {}; // provider -> phase -> {expressions, getNodeParameter, ms, calls}
	const bucket = (phase) => ((tally[current] ??= {})[phase] ??= { expressions: 0, getNodeParameter: 0, ms: 0, calls: 0, samples: new Map() });
	const phaseNow = () => stack[stack.length - 1] ?? '(after await)';

	function wrap(target, method, phase, { timed = true } = {}) {
		const original = target[method];
		if (typeof original !== 'function') throw new Error(`cannot instrument ${method}`);
		target[method] = function (...args) {
			if (!current) return original.apply(this, args);
			const label = typeof phase === 'function' ? phase(stack) : phase;
			// Only the outermost call of a phase is timed, so nested calls are not counted twice.
			const outermost = timed && !stack.includes(label);
			stack.push(label);
			const started = outermost ? performance.now() : 0;
			try {
				return original.apply(this, args);
			} finally {
				stack.pop();
				if (outermost) {
					const b = bucket(label);
					b.ms += performance.now() - started;
					b.calls++;
				}
			}
		};
	}

	const RN = core.RoutingNode.prototype;
	// Labels are those of the outermost phase, so nested calls are not counted twice in time.
	const outer = (label) => (stack) => (stack.length && stack[stack.length - 1] !== 'runNode: per-item loop' ? stack[stack.length - 1] : label);
	wrap(RN, 'resolveBaseUrl', 'resolveBaseUrl (credential-domain check)');
	wrap(RN, 'getRequestOptionsFromParameters', outer('properties walk (getRequestOptionsFromParameters)'));
	wrap(RN, 'getParameterValue', outer('requestDefaults + property values (runNode)'));
	wrap(RN, 'makeRequest', 'makeRequest: preSend + purchase hook (sync part)');
	wrap(RN, 'postProcessResponseData', 'postReceive (sync part)');
	wrap(RN, 'runNode', 'runNode: per-item loop');
	wrap(HttpRequestV3.prototype, 'execute', 'HTTP Request execute (sync part)');

	const originalResolve = Expression.prototype.resolveSimpleParameterValue;
	Expression.prototype.resolveSimpleParameterValue = function (value, ...rest) {
		if (current && isExpression(value)) {
			const b = bucket(phaseNow());
			b.expressions++;
			const sample = String(value).slice(0, 70);
			b.samples.set(sample, (b.samples.get(sample) ?? 0) + 1);
		}
		return originalResolve.call(this, value, ...rest);
	};

	// getNodeParameter of the per-item context (ExecuteSingleContext) and of the node context.
	for (const Context of [core.ExecuteSingleContext, core.ExecuteContext].filter(Boolean)) {
		const proto = Context.prototype;
		const original = proto.getNodeParameter;
		proto.getNodeParameter = function (...args) {
			if (current) bucket(phaseNow()).getNodeParameter++;
			return original.apply(this, args);
		};
	}

	return {
		/** Records the next run under `label` (e.g. "signalwire ours"); undefined records nothing. */
		start(label) {
			current = label;
		},
		stop() {
			current = undefined;
		},
		/** Wraps a credentials helper instance's authenticate (engine.js calls this per run). */
		wrapHelper(helper) {
			wrap(helper, 'authenticate', 'credentials authenticate (sync part)');
		},
		report(items, runs) {
			const per = items * runs;
			for (const [label, phases] of Object.entries(tally)) {
				console.log('');
				console.log(`--phases, ${label} (per item, over ${runs} measured runs):`);
				console.log(`  ${'phase'.padEnd(52)}${'ms/item'.padStart(9)}${'expressions'.padStart(13)}${'getNodeParameter'.padStart(18)}`);
				let expressions = 0;
				for (const [phase, b] of Object.entries(phases)) {
					expressions += b.expressions;
					console.log(`  ${phase.padEnd(52)}${(b.ms / per).toFixed(3).padStart(9)}${(b.expressions / per).toFixed(1).padStart(13)}${(b.getNodeParameter / per).toFixed(1).padStart(18)}`);
				}
				console.log(`  expressions evaluated per item: ${(expressions / per).toFixed(1)}`);
				console.log('  which expressions (per item, by phase):');
				for (const [phase, b] of Object.entries(phases)) {
					for (const [sample, count] of [...b.samples].sort((a, c) => c[1] - a[1])) {
						console.log(`    ${(count / per).toFixed(1).padStart(4)}  ${phase.slice(0, 30).padEnd(31)}${sample}`);
					}
				}
			}
		},
	};
}

module.exports = { instrument };
