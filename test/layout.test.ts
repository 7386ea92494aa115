/**
 * The layout that makes adding a provider one folder (CONTRIBUTING.md), kept true:
 * - imports run one way, node files → operations/ and the trigger's code → the provider registry
 *   → provider folders → the contract → shared helpers (and credentials), with no circle, type-only
 *   imports included, and no provider folder importing another;
 * - generic code (everything under nodes/ but the provider folders and the registry) names no
 *   registered provider;
 * - the registry, the credentials, package.json, both nodes and the stand-in agree on the providers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workflow, type ICredentialType, type INode, type INodeProperties, type INodeType, type INodeTypeDescription, type INodeTypes } from 'n8n-workflow';
import { importCircles, importGraph, ROOT, tsFiles, type Edge } from './helpers/importGraph';
import { PhoneNumber } from '../nodes/PhoneNumber/PhoneNumber.node';
import { PhoneNumberTrigger } from '../nodes/PhoneNumberTrigger/PhoneNumberTrigger.node';
import { providers } from '../nodes/providers';

interface Layer {
	/** Files of one group may import each other freely (still without a circle). */
	group: string;
	/** A file may import a file of another group only if that group's rank is lower. */
	rank: number;
}

/**
 * The layers, highest first. Each node's own code is a group of its own (operations/ of the Phone
 * Number node, the trigger's activation code), so one node's code never reaches into the other's;
 * each provider folder is a group of its own, so providers never import each other.
 */
function layerOf(file: string): Layer {
	const parts = file.split('/');
	if (parts[0] === 'credentials') return { group: 'credentials', rank: 0 };
	if (parts[0] !== 'nodes') throw new Error(`${file} is outside nodes/ and credentials/`);
	if (parts[1] === 'shared') return { group: 'shared', rank: 0 };
	if (parts[1] === 'providers') {
		if (file === 'nodes/providers/types.ts') return { group: 'contract', rank: 1 };
		if (parts.length > 3) return { group: `provider ${parts[2]}`, rank: 2 };
		if (file === 'nodes/providers/index.ts') return { group: 'registry', rank: 3 };
	}
	if (parts.length === 3 && file.endsWith('.node.ts')) return { group: `node ${parts[1]}`, rank: 5 };
	if (parts.length >= 3 && /^[A-Z]/.test(parts[1])) return { group: `code of ${parts[1]}`, rank: 4 };
	throw new Error(`${file} is in no layer: give it one in test/layout.test.ts (and CONTRIBUTING.md)`);
}

/** Imports against the layer order: "from → to (why)". */
function layerViolations(edges: Edge[]): string[] {
	return edges.flatMap(({ from, to }) => {
		const a = layerOf(from);
		const b = layerOf(to);
		if (a.group === b.group) return [];
		if (b.group.startsWith('code of ') && a.group !== `node ${b.group.slice('code of '.length)}`) return [`${from} → ${to} (another node's code)`];
		return b.rank < a.rank ? [] : [`${from} → ${to} (${a.group} may not import ${b.group})`];
	});
}

const FILES = [...tsFiles('nodes'), ...tsFiles('credentials')];
const EDGES = importGraph(FILES);

describe('imports run one way', () => {
	test('no import circle among nodes/ and credentials/, type-only imports included', () => {
		expect(importCircles(EDGES)).toEqual([]);
	});

	test('no import against the layer order', () => {
		for (const file of FILES) layerOf(file); // every file has a layer
		expect(layerViolations(EDGES)).toEqual([]);
	});

	test('the graph in numbers', () => {
		const byLayers = new Map<string, number>();
		for (const { from, to } of EDGES) {
			const key = `${layerOf(from).group} → ${layerOf(to).group}`;
			byLayers.set(key, (byLayers.get(key) ?? 0) + 1);
		}
		const lines = [...byLayers].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => `  ${key}: ${count}`);
		process.stderr.write(
			`[imports] ${FILES.length} files, ${EDGES.length} local imports (${EDGES.filter((edge) => edge.typeOnly).length} type-only), ` +
				`${importCircles(EDGES).length} circles, ${layerViolations(EDGES).length} against the layer order\n${lines.join('\n')}\n`,
		);
		expect(EDGES.length).toBeGreaterThan(100);
		expect(EDGES.some((edge) => edge.typeOnly)).toBe(true);
	});

	// The checks themselves, on small made-up graphs, so they cannot pass by finding nothing.
	test('a circle is found, type-only or not, and so is an import against the layers', () => {
		const sources: Record<string, string> = {
			'nodes/shared/a.ts': "import type { B } from './b';",
			'nodes/shared/b.ts': "export { c } from './c';",
			'nodes/shared/c.ts': "import { a } from './a';\nimport { Provider } from '../providers/types';",
			'nodes/providers/types.ts': '',
		};
		const edges = importGraph(Object.keys(sources), sources);
		expect(importCircles(edges)).toEqual([['nodes/shared/a.ts', 'nodes/shared/b.ts', 'nodes/shared/c.ts']]);
		expect(edges.find((edge) => edge.from === 'nodes/shared/a.ts')?.typeOnly).toBe(true);
		expect(layerViolations(edges)).toEqual(['nodes/shared/c.ts → nodes/providers/types.ts (shared may not import contract)']);
		expect(layerViolations([{ from: 'nodes/providers/a/index.ts', to: 'nodes/providers/b/api.ts', typeOnly: false }])).toEqual([
			'nodes/providers/a/index.ts → nodes/providers/b/api.ts (provider a may not import provider b)',
		]);
		expect(layerViolations([{ from: 'nodes/PhoneNumberTrigger/activation.ts', to: 'nodes/PhoneNumber/operations/index.ts', typeOnly: false }])).toEqual([
			"nodes/PhoneNumberTrigger/activation.ts → nodes/PhoneNumber/operations/index.ts (another node's code)",
		]);
	});
});

describe('generic code names no provider', () => {
	/** Generic: every .ts under nodes/ except the provider folders and the registry. */
	const generic = tsFiles('nodes').filter((file) => !/^nodes\/providers\/([^/]+\/|index\.ts$)/.test(file));
	const names = [...new Set(providers.flatMap((provider) => [provider.id, provider.slug, provider.name, provider.credentialName]).map((name) => name.toLowerCase()))];

	test.each(generic)('%s', (file) => {
		const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
		const naming = lines.flatMap((line, index) => names.filter((name) => line.toLowerCase().includes(name)).map((name) => `${index + 1}: "${name}" in ${line.trim()}`));
		expect(naming).toEqual([]);
	});

	test('the check reads names as the registry has them, and sees them', () => {
		expect(generic.length).toBeGreaterThan(20);
		expect(names).toContain(providers[0].slug);
		expect(readFileSync(join(ROOT, 'nodes/providers/index.ts'), 'utf8').toLowerCase()).toContain(providers[0].slug);
	});
});

describe('the registry, the credentials, package.json, both nodes and the stand-in agree', () => {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };
	const credentialTypes = new Map<string, { type: ICredentialType; file: string }>();
	for (const file of tsFiles('credentials')) {
		for (const exported of Object.values(require(join(ROOT, file)) as Record<string, unknown>)) {
			if (typeof exported !== 'function' || !/^class /.test(String(exported))) continue;
			const type = new (exported as new () => ICredentialType)();
			credentialTypes.set(type.name, { type, file });
		}
	}
	const instances: Record<string, INodeType> = { phoneNumber: new PhoneNumber(), phoneNumberTrigger: new PhoneNumberTrigger() };
	const nodeTypes: INodeTypes = {
		getByName: (type) => instances[type.replace('n8n-nodes-phone-numbers.', '')],
		getByNameAndVersion: (type) => instances[type.replace('n8n-nodes-phone-numbers.', '')],
		getKnownTypes: () => ({}),
	};
	const description = (name: string): INodeTypeDescription => instances[name].description;
	const nodes = ['phoneNumber', 'phoneNumberTrigger'];

	test('the stand-in plays every provider, one module each, in the same order', () => {
		const standIn = require('./sandbox/providers') as Array<{ id: string; name: string; n8nCredential: { type: string } }>;
		expect(standIn.map((module) => [module.id, module.name, module.n8nCredential.type])).toEqual(providers.map((provider) => [provider.slug, provider.name, provider.id]));
	});

	test('ids, slugs and names are unique', () => {
		for (const key of ['id', 'slug', 'name', 'credentialName'] as const) {
			expect(new Set(providers.map((provider) => provider[key])).size).toBe(providers.length);
		}
	});

	test.each(providers.map((provider) => [provider.name, provider] as const))('%s: its credential type exists, is named the same, and is in package.json', (_name, provider) => {
		const credential = credentialTypes.get(provider.id);
		expect(credential?.type.displayName).toBe(provider.credentialName);
		expect(pkg.n8n.credentials).toContain(`dist/${credential!.file.replace(/\.ts$/, '.js')}`);
	});

	test.each(nodes)('%s: one credential and one Provider option per provider, in order, the first by default', (name) => {
		const { credentials, properties } = description(name);
		expect(credentials?.map((credential) => [credential.name, credential.displayOptions?.show?.authentication])).toEqual(
			providers.map((provider) => [provider.id, [provider.id]]),
		);
		const selector = properties.find((property) => property.name === 'authentication') as INodeProperties;
		expect((selector.options as Array<{ value: string }>).map((option) => option.value)).toEqual(providers.map((provider) => provider.id));
		expect(selector.default).toBe(providers[0].id);
	});

	test.each(nodes)("%s: the codex lists every provider's name as a search alias", (name) => {
		const folder = name === 'phoneNumber' ? 'PhoneNumber' : 'PhoneNumberTrigger';
		const codex = JSON.parse(readFileSync(join(ROOT, `nodes/${folder}/${folder}.node.json`), 'utf8')) as { alias: string[] };
		expect(codex.alias).toEqual(expect.arrayContaining(providers.map((provider) => provider.name)));
	});

	test.each(providers.map((provider) => [provider.name, provider] as const))("%s: both subtitles name it, through n8n's expressions", (providerName, provider) => {
		const subtitle = (name: string, parameters: INode['parameters']) => {
			const node: INode = { id: '1', name: 'Node', type: `n8n-nodes-phone-numbers.${name}`, typeVersion: 1, position: [0, 0], parameters };
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
			return workflow.expression.getSimpleParameterValue(node, description(name).subtitle, 'internal', {});
		};
		expect(subtitle('phoneNumber', { authentication: provider.id, operation: 'purchase' })).toBe(`purchase at ${providerName}`);
		expect(subtitle('phoneNumberTrigger', { authentication: provider.id, events: ['message', 'call'] })).toBe(`${providerName}: message, call`);
	});
});
