/**
 * The node's copy against n8n's UX guidelines for verified nodes
 * (n8n-io/n8n-docs, docs/integrations/creating-nodes/build/reference/ux-guidelines.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { nodeTypes } from './helpers/n8n.cts';
import { PlivoNumbersApi } from '../credentials/PlivoNumbersApi.credentials';
import { SignalWireApi } from '../credentials/SignalWireApi.credentials';

const description = (nodeTypes.getByName('n8n-nodes-phone-numbers.phoneNumber') as INodeType).description as INodeTypeDescription;

type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** Every property, option and mode of the node, however deeply nested. */
function walk(entries: readonly Entry[], out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
	for (const entry of entries) {
		out.push(entry as unknown as Record<string, unknown>);
		const nested = entry as { options?: Entry[]; values?: Entry[]; modes?: Array<Record<string, unknown>> };
		if (Array.isArray(nested.options)) walk(nested.options.filter((o) => typeof o === 'object'), out);
		if (Array.isArray(nested.values)) walk(nested.values, out);
		if (Array.isArray(nested.modes)) out.push(...nested.modes);
	}
	return out;
}

const own = description.properties.filter((property) => property.name !== 'requestOptions');
const entries = walk(own);
const texts = (key: string) => entries.map((entry) => entry[key]).filter((value): value is string => typeof value === 'string');
const BANNED = /\b(errors?|problems?|failures?|failed|mistakes?)\b/i;

test('actions are sentence case, name the resource and drop articles', () => {
	// Each Operation selector (providers with messaging campaigns, and the rest) lists its actions.
	const actions = [...new Set(texts('action'))];
	expect(actions.sort()).toEqual([
		'Add phone number to messaging campaign',
		'Get many phone numbers',
		'Get messaging campaign status of phone number',
		'Get phone number',
		'Purchase phone number',
		'Release phone number',
		'Remove phone number from messaging campaign',
		'Search available phone numbers',
		'Update phone number',
	]);
});

test('operation descriptions are sentence case and name the resource', () => {
	const selectors = own.filter((property) => property.name === 'operation');
	expect(selectors.length).toBeGreaterThan(0);
	for (const option of selectors.flatMap((selector) => selector.options as INodePropertyOptions[])) {
		expect(option.description).toMatch(/^[A-Z][^A-Z]*phone numbers?\b/);
	}
});

test('placeholders of example values start with "e.g."', () => {
	const examples = texts('placeholder').filter((text) => !/^Add (Field|Filter|Setting)$/.test(text));
	expect(examples.length).toBeGreaterThan(10);
	for (const text of examples) expect(text).toMatch(/^e\.g\. \S/);
});

test('credential placeholders start with "e.g." too', () => {
	const placeholders = [new SignalWireApi(), new PlivoNumbersApi()].flatMap((type) => type.properties.map((property) => property.placeholder).filter(Boolean));
	expect(placeholders).toHaveLength(5);
	for (const text of placeholders) expect(text).toMatch(/^e\.g\. \S/);
});

test('descriptions, hints and notices never say error, problem or failure', () => {
	const copy = [...texts('description'), ...texts('hint'), ...own.filter((p) => p.type === 'notice').map((p) => p.displayName)];
	expect(copy.filter((text) => BANNED.test(text))).toEqual([]);
});

test('messages the node can show never say error, problem or failure', () => {
	// Every message and description the node builds, as written in its source.
	const files = (dir: string): string[] =>
		readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
	const lines = files(join(__dirname, '../nodes'))
		.filter((file) => file.endsWith('.ts'))
		.flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line) => `${file}: ${line.trim()}`));
	const shown = lines
		.filter((line) => !/^\S+: (\/\/|\/\*|\*)/.test(line))
		.filter((line) => /(message:|description:|Hint:|Error\((this|ctx)\.getNode\(\), [`'"]|withNote\(|new (InvalidPhoneNumber|InvalidSearch|RangeError)\()/.test(line));
	expect(shown.length).toBeGreaterThan(20);
	// Only the words inside string literals count; interpolated code is left out.
	const words = (line: string) => (line.replace(/^\S+: /, '').match(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? []).map((text) => text.replace(/\$\{[^}]*\}/g, ''));
	expect(shown.filter((line) => words(line).some((text) => BANNED.test(text)))).toEqual([]);
});
