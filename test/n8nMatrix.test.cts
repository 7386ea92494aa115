/**
 * The n8n version matrix, as written down three times: scripts/n8n-matrix.json (what `npm test`,
 * i.e. scripts/test-matrix.js, runs on which n8n), scripts/n8n.sh's default version (what the demo,
 * the bench and a bare `npm run test:e2e` use), and README's Compatibility table (what users read).
 * They must say the same thing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

interface Leg {
	n8n: string;
	suites: Record<string, 'all' | string[]>;
}
const matrix = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/n8n-matrix.json'), 'utf8')) as { legs: Leg[] };

const liveFiles = fs
	.readdirSync(path.join(ROOT, 'test/live'))
	.filter((file) => /\.test\.c?ts$/.test(file))
	.map((file) => file.split('.')[0])
	.sort();

/** What a leg runs, as README names it: "e2e", "queue", "live: trigger", ... */
function runs(leg: Leg): string[] {
	return Object.entries(leg.suites)
		.flatMap(([suite, which]) => (suite === 'live' ? (which === 'all' ? liveFiles : which).map((name) => `live: ${name}`) : [suite]))
		.sort();
}

/** README's table after <!-- ci:n8n-matrix -->: version columns, and per row the suites it names and the cells. */
function readmeTable(): { versions: string[]; rows: Array<{ suites: string[]; cells: string[] }> } {
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const start = readme.indexOf('<!-- ci:n8n-matrix -->');
	if (start < 0) throw new Error('README.md has no <!-- ci:n8n-matrix --> table');
	const lines = readme.slice(start).split('\n').slice(1);
	const from = lines.findIndex((line) => line.startsWith('|'));
	const end = lines.findIndex((line, i) => i > from && !line.startsWith('|'));
	const table = lines.slice(from, end < 0 ? undefined : end);
	const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim());
	const [header, , ...body] = table;
	const versions = cells(header).slice(2).map((title) => /^n8n (\d+\.\d+\.\d+)$/.exec(title)?.[1] ?? `not a version: ${title}`);
	return {
		versions,
		rows: body.map((line) => {
			const [, suite, ...marks] = cells(line);
			const [kind, names] = suite.replace(/`/g, '').split(/:\s*/);
			return { suites: names ? names.split(/,\s*/).map((name) => `${kind}: ${name}`) : [kind], cells: marks };
		}),
	};
}

describe('the n8n version matrix', () => {
	it("starts with scripts/n8n.sh's default version (the demo's, the bench's)", () => {
		const env = { ...process.env };
		delete env.N8N_VERSION;
		const defaultVersion = execFileSync('bash', [path.join(ROOT, 'scripts/n8n.sh'), 'version'], { env, encoding: 'utf8' }).trim();
		expect(matrix.legs[0].n8n).toBe(defaultVersion);
	});

	it('names only live test files that exist, and suites the runner knows', () => {
		for (const leg of matrix.legs) {
			expect(Object.keys(leg.suites).filter((suite) => !['e2e', 'live', 'queue'].includes(suite))).toEqual([]);
			const live = leg.suites.live;
			if (Array.isArray(live)) expect(live.filter((name) => !liveFiles.includes(name))).toEqual([]);
		}
	});

	it("README's Compatibility table has one column per version, in the matrix's order", () => {
		expect(readmeTable().versions).toEqual(matrix.legs.map((leg) => leg.n8n));
	});

	it("README's Compatibility table marks exactly what CI runs on each version", () => {
		const { versions, rows } = readmeTable();
		const marked = (column: number) =>
			rows
				.filter((row) => /^(✓|yes)/i.test(row.cells[column] ?? ''))
				.flatMap((row) => row.suites)
				.sort();
		for (const [column, version] of versions.entries()) {
			const leg = matrix.legs.find((l) => l.n8n === version)!;
			expect([version, marked(column)]).toEqual([version, runs(leg)]);
		}
		// Every suite CI runs anywhere has its row.
		const all = [...new Set(matrix.legs.flatMap(runs))].sort();
		expect(all.filter((suite) => !rows.some((row) => row.suites.includes(suite)))).toEqual([]);
	});
});
