import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * `={{ $json.number }}`, `={{ $json.body.number }}`: a field that only reads a field of the input
 * item, the usual way to map a value from the node before. The field path is group 1.
 */
const ITEM_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

/**
 * A node parameter of the current item, as `getNodeParameter` gives it, for the code steps of the
 * declarative routing (preSend and the request hooks).
 *
 * n8n's declarative engine has already evaluated every expression-valued parameter twice for this
 * item before any code step runs, and `getNodeParameter` evaluates it a third time. In n8n 2.x each
 * evaluation runs in the expression sandbox (isolated-vm) and costs more than the rest of the item's
 * work in this node (bench/README.md). So when the parameter is exactly `={{ $json.<path> }}` and
 * the item has a text or number at that path (own properties all the way), that value is what the
 * evaluation would give, and it is returned without a third evaluation. Anything else (another
 * expression, a missing field, an object) is evaluated by n8n as before.
 */
export function itemParameter(ctx: IExecuteSingleFunctions, name: string): unknown {
	const raw = ctx.getNodeParameter(name, '', { rawExpressions: true });
	const path = typeof raw === 'string' ? ITEM_FIELD.exec(raw)?.[1] : undefined;
	if (path !== undefined) {
		const value = fieldAt(ctx.getInputData().json, path.slice(1).split('.'));
		if (typeof value === 'string' || typeof value === 'number') return value;
	}
	return ctx.getNodeParameter(name);
}

/** The value at `keys` in `json`, through own properties of plain objects only; undefined otherwise. */
function fieldAt(json: IDataObject, keys: string[]): unknown {
	let value: unknown = json;
	for (const key of keys) {
		if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}
