import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData, PostReceiveAction } from 'n8n-workflow';

export interface Capabilities extends IDataObject {
	voice: boolean;
	sms: boolean;
	mms: boolean;
	fax: boolean;
}

/**
 * The small shape "Simplify" gives every number, the same at every provider:
 * - `provider`: the provider's slug;
 * - `id`: what the provider identifies an owned number by (its own ID, null for numbers still for
 *   sale; or the number's digits where the provider has no IDs);
 * - `type`: "local", "toll-free", "mobile", or the provider's own word for anything else;
 * - `status`: "available" (a search result, for sale) or "owned" (in your account).
 */
export interface SimpleNumber extends IDataObject {
	provider: string;
	id: string | null;
	number: string;
	name: string | null;
	type: string | null;
	capabilities: Capabilities;
	region: string | null;
	status: 'available' | 'owned';
}

const CAPABILITIES = ['voice', 'sms', 'mms', 'fax'] as const;

/** Capabilities given as a list (["voice", "sms"]) or as an object ({voice: true, ...}). */
export function capabilitiesFrom(value: unknown): Capabilities {
	const list = Array.isArray(value) ? value.map((entry) => String(entry).toLowerCase()) : undefined;
	const object = !list && value && typeof value === 'object' ? (value as IDataObject) : {};
	const has = (name: string) => (list ? list.includes(name) : object[name] === true);
	return Object.fromEntries(CAPABILITIES.map((name) => [name, has(name)])) as Capabilities;
}

/**
 * Number types in one vocabulary: "local", "toll-free" ("tollfree", "toll_free"), "mobile"…
 * `synonyms` maps a provider's own words (lower case) to these.
 */
export function numberTypeFrom(value: unknown, synonyms: Record<string, string> = {}): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const type = value.trim().toLowerCase();
	if (synonyms[type] !== undefined) return synonyms[type];
	if (type === 'tollfree' || type === 'toll_free') return 'toll-free';
	return type;
}

/** "+" and digits, whatever the provider wrote ("+14155550100", "14155550100"). */
export function e164From(value: unknown): string {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	return text === '' || text.startsWith('+') ? text : `+${text}`;
}

/** A yes/no flag that may come as a boolean or as text ("true"). */
export function flag(value: unknown): boolean {
	return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

export function textOrNull(value: unknown): string | null {
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * A postReceive action: when the operation's Simplify option is on, replaces each item's json
 * with the provider's simplified shape; otherwise the provider's raw object stays.
 */
export function simplifyItems(map: (this: IExecuteSingleFunctions, raw: IDataObject) => SimpleNumber): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		if (!this.getNodeParameter('simplify', false)) return items;
		return items.map((item) => ({ ...item, json: map.call(this, item.json) }));
	};
}
