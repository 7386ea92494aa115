/**
 * The package's import graph, read with TypeScript's own parser: every import and export `from`,
 * type-only ones included (they tie modules together just as much), `import x = require()`,
 * `require()` and `import()`. Only local (relative) imports are edges; packages are left out.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

export const ROOT = resolve(__dirname, '../..');

export interface Edge {
	from: string;
	to: string;
	typeOnly: boolean;
}

/** Every .ts file under `dir` (repository-relative, forward slashes), sorted. */
export function tsFiles(dir: string): string[] {
	const walk = (path: string): string[] =>
		statSync(path).isDirectory() ? readdirSync(path).flatMap((name) => walk(join(path, name))) : path.endsWith('.ts') ? [path] : [];
	return walk(join(ROOT, dir))
		.map((file) => relative(ROOT, file).split('\\').join('/'))
		.sort();
}

/** The module specifiers a source file imports, with whether each is type-only. */
export function importsOf(fileName: string, source: string): Array<{ specifier: string; typeOnly: boolean }> {
	const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
	const found: Array<{ specifier: string; typeOnly: boolean }> = [];
	const visit = (node: ts.Node): void => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const clause = node.importClause;
			const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
			const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((element) => element.isTypeOnly)));
			found.push({ specifier: node.moduleSpecifier.text, typeOnly });
		} else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
			found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
		} else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
			found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
		} else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
			found.push({ specifier: node.argument.literal.text, typeOnly: true });
		} else if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
			node.arguments.length === 1 &&
			ts.isStringLiteral(node.arguments[0])
		) {
			found.push({ specifier: node.arguments[0].text, typeOnly: false });
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	return found;
}

/** The repository file a relative specifier points at (x.ts or x/index.ts), or undefined for a package. */
function resolveLocal(from: string, specifier: string, isFile: (file: string) => boolean): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = relative(ROOT, resolve(ROOT, dirname(from), specifier)).split('\\').join('/');
	const candidate = [`${base}.ts`, `${base}/index.ts`, base].find(isFile);
	if (!candidate) throw new Error(`${from} imports ${specifier}, which is not a file`);
	return candidate;
}

const onDisk = (file: string) => existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).isFile();

/**
 * The local import edges among `files`, read from disk; or, for made-up graphs, from `sources`
 * (file → text), where only those files exist.
 */
export function importGraph(files: string[], sources?: Record<string, string>): Edge[] {
	const read = (file: string) => (sources ? sources[file] : readFileSync(join(ROOT, file), 'utf8'));
	const isFile = sources ? (file: string) => file in sources : onDisk;
	return files.flatMap((from) =>
		importsOf(from, read(from)).flatMap(({ specifier, typeOnly }) => {
			const to = resolveLocal(from, specifier, isFile);
			return to ? [{ from, to, typeOnly }] : [];
		}),
	);
}

/** Every import circle (strongly connected component with more than one file, or a file importing itself), each as its files in order. */
export function importCircles(edges: Edge[]): string[][] {
	const next = new Map<string, string[]>();
	for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
	const nodes = [...new Set(edges.flatMap(({ from, to }) => [from, to]))].sort();
	// Tarjan's strongly connected components.
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const circles: string[][] = [];
	const connect = (node: string): void => {
		index.set(node, counter);
		low.set(node, counter);
		counter++;
		stack.push(node);
		onStack.add(node);
		for (const target of next.get(node) ?? []) {
			if (!index.has(target)) {
				connect(target);
				low.set(node, Math.min(low.get(node)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(node, Math.min(low.get(node)!, index.get(target)!));
			}
		}
		if (low.get(node) !== index.get(node)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== node);
		if (component.length > 1 || (next.get(node) ?? []).includes(node)) circles.push(component.reverse());
	};
	for (const node of nodes) if (!index.has(node)) connect(node);
	return circles;
}
