import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { providerById } from '../providers';
import type { Activation, Target } from '../providers/types';

/**
 * Pointing a number at the workflow and back, at any provider (each provider's steps:
 * providers/<provider>/trigger.ts). What the number had before is kept in the node's static data
 * (`Activation`), written before anything changes; deactivation puts exactly that back, and only
 * when the number still has what the trigger set. A number someone changed meanwhile is left as
 * they left it.
 */

const STATIC_KEY = 'activation';

export function loadActivation(ctx: Pick<IHookFunctions, 'getWorkflowStaticData'>): Activation | undefined {
	const value = ctx.getWorkflowStaticData('node')[STATIC_KEY];
	return value && typeof value === 'object' ? (value as Activation) : undefined;
}

function saveActivation(ctx: IHookFunctions, activation: Activation | undefined): void {
	const data = ctx.getWorkflowStaticData('node');
	if (activation) data[STATIC_KEY] = { ...activation };
	else delete data[STATIC_KEY];
}

const sameNumber = (activation: Activation, target: Target) =>
	'id' in target.number ? activation.numberKey === target.number.id : activation.number === `+${target.number.digits}`;

const sameSettings = (a: IDataObject, b: IDataObject) =>
	Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((key) => (a[key] ?? null) === (b[key] ?? null));

/** checkExists: the number points at this URL with what the trigger set, and the trigger knows what to restore. */
export async function isActive(ctx: IHookFunctions, providerId: string, target: Target): Promise<boolean> {
	const activation = loadActivation(ctx);
	if (!activation || activation.provider !== providerId || !sameNumber(activation, target) || activation.webhookUrl !== target.webhookUrl) {
		return false;
	}
	const current = await providerById(providerId).trigger.current(ctx, activation);
	return !!current && sameSettings(current, activation.applied);
}

export async function activate(ctx: IHookFunctions, providerId: string, target: Target): Promise<void> {
	await providerById(providerId).trigger.activate(ctx, target, (activation) => saveActivation(ctx, activation));
}

/**
 * Puts the number back. Returns what happened in words when it was NOT restored (changed by
 * someone else, or no longer in the account); undefined when it was.
 */
export async function deactivate(ctx: IHookFunctions): Promise<string | undefined> {
	const activation = loadActivation(ctx);
	if (!activation) return undefined;
	const provider = providerById(activation.provider);
	const { trigger, name } = provider;
	const current = await trigger.current(ctx, activation);
	let refused: string | undefined;
	if (!current) {
		refused = `${activation.number} is no longer in your ${name} account, so its previous settings were not restored.`;
	} else if (!sameSettings(current, activation.applied)) {
		refused =
			`${activation.number} was changed at ${name} while the workflow was active, so the Phone Number Trigger left it as it is ` +
			`and did not restore its previous settings (${JSON.stringify(activation.previous)}). Now: ${JSON.stringify(current)}.`;
	} else {
		await trigger.restore(ctx, activation);
	}
	await trigger.cleanUp(ctx, activation);
	saveActivation(ctx, undefined);
	return refused;
}
