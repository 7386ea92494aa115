import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';
import { invalidField } from './errors';

/** What one number setting accepts. */
export interface SettingRule {
	/** Why the value is not accepted, or undefined when it is. */
	reason(value: unknown): string | undefined;
	/** The accepted form, shown with the message. */
	expected: string;
}

/**
 * A provider's number settings: the fields (named as its body properties) and their limits. Update
 * offers them under Update Fields (each sent as the body property of its own name), Purchase under
 * Then Configure (sent in one update right after the purchase). Every `default:` is a literal:
 * n8n's scanner reads them statically.
 */
export interface NumberSettings {
	fields: INodeProperties[];
	rules: Record<string, SettingRule>;
	/**
	 * What the provider's API takes to clear a setting, sent instead of `null` (an expression's
	 * "clear this"), for an API whose update request has no null. Unset: null is sent as it is.
	 * A setting that cannot be cleared this way needs a rule that refuses null.
	 */
	clearedAs?: string;
}

/** A setting sent as the body property of its own name (Update, Purchase → Additional Fields). */
export const sentAsBody = (setting: INodeProperties): INodeProperties => ({
	...setting,
	routing: { send: { type: 'body', property: setting.name } },
});

/** A text setting; its name is the provider's body property. */
export function textSetting(displayName: string, name: string, description: string, placeholder?: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, ...(placeholder ? { placeholder } : {}) };
}

/** The choices of a setting that names the HTTP method of a callback. */
export const HTTP_METHODS = [
	{ name: 'POST', value: 'POST' },
	{ name: 'GET', value: 'GET' },
];

const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/** An absolute http(s) URL; null clears the setting. */
export const httpUrl: SettingRule = {
	expected: 'A full web address starting with https:// or http://, e.g. https://example.com/hook.',
	reason(value) {
		if (value === null) return undefined;
		if (typeof value !== 'string') return 'it is not text';
		if (value.trim() === '') return 'it is empty';
		return HTTP_URL.test(value.trim()) ? undefined : 'it is not a web address starting with https:// or http://';
	},
};

/** One of the given values, e.g. of an options field. */
export function oneOf(values: string[]): SettingRule {
	return {
		expected: `One of: ${values.join(', ')}.`,
		reason: (value) => (typeof value === 'string' && values.includes(value) ? undefined : `it is not one of ${values.join(', ')}`),
	};
}

/** The method of a callback: one of HTTP_METHODS. */
export const httpMethod: SettingRule = oneOf(HTTP_METHODS.map((method) => method.value));

/** Text that must not be empty, with at most `max` characters and, when given, matching `form`. */
export function requiredText(max: number | undefined, expected: string, form?: { pattern: RegExp; otherwise: string }): SettingRule {
	return {
		expected,
		reason(value) {
			if (typeof value !== 'string') return 'it is not text';
			if (value.trim() === '') return 'it is empty';
			if (max !== undefined && value.length > max) return `it has ${value.length} characters; at most ${max} are allowed`;
			if (form && !form.pattern.test(value)) return form.otherwise;
			return undefined;
		},
	};
}

/**
 * The settings of a number being bought, without the text ones left empty that no rule checks
 * (e.g. a name or an application ID): on a new number an empty field means "not set", so it is not
 * sent. Settings whose rule refuses an empty value keep their message.
 */
export function withoutEmptySettings(values: IDataObject, settings: NumberSettings): IDataObject {
	return Object.fromEntries(
		Object.entries(values).filter(
			([name, value]) => !(typeof value === 'string' && value.trim() === '' && !settings.rules[name] && settings.fields.some((field) => field.name === name)),
		),
	);
}

/** The settings as the provider takes them: null becomes its `clearedAs`, where it has one. */
export function settingsToSend(values: IDataObject, settings: NumberSettings): IDataObject {
	const { clearedAs } = settings;
	if (clearedAs === undefined) return values;
	return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value === null ? clearedAs : value]));
}

/**
 * Checks every setting given against its rule. A value the provider would refuse stops the
 * item here, before any request, with the field (`where → field`) named.
 */
export function checkSettings(ctx: IExecuteSingleFunctions, where: string, values: IDataObject, settings: NumberSettings): void {
	for (const [name, value] of Object.entries(values)) {
		const rule = settings.rules[name];
		const reason = rule?.reason(value);
		if (reason === undefined) continue;
		const field = settings.fields.find((property) => property.name === name)?.displayName ?? name;
		throw invalidField(ctx, `${where} → ${field}`, value, reason, rule.expected);
	}
}
