import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodePropertyRouting,
} from 'n8n-workflow';
import type { ProviderAddress } from './address';
import {
	assignNumber,
	CAMPAIGN_FIELD,
	CAMPAIGN_OPERATION_NAMES,
	CAMPAIGN_ORDER_FIELD,
	campaignSummary,
	campaignWaitMs,
	notUsLocalNumber,
	readCampaignId,
	routingSend,
	type CampaignNumber,
	type CampaignOperationId,
	type CampaignProvider,
	type CampaignSend,
	type CampaignSummary,
} from './campaign';
import { invalidField, type ProviderErrorStyle } from './errors';
import { listSender } from './listSearch';
import { OWNED_FIELD, readTarget, recordOf, type OwnedNumberApi, type OwnedTarget } from './owned';
import { toDigits } from './phoneNumber';
import type { SimpleNumber } from './simplify';

/**
 * The routes of the three campaign operations (Add to, Get Status of, Remove From Messaging
 * Campaign), built here for every provider that has the `campaigns` part: the provider says how,
 * shared/campaign.ts what happens. Also the Messaging Campaign list of the editor.
 */

/** What the campaign routes need of a provider. */
export interface CampaignRouteProvider extends CampaignProvider {
	/** Its name in output items. */
	slug: string;
	/** How its numbers are addressed (a number picked by the provider's ID is read first). */
	owned: OwnedNumberApi;
	/** Reads that number from the provider's record of it (whatever the field is called there). */
	simplifyOwned(raw: IDataObject): SimpleNumber;
}

/** What the preSend step read and checked, handed to the runner with the request. */
const CHOSEN = Symbol('campaign operation');
interface Chosen {
	target: OwnedTarget;
	campaignId: string;
	orderId?: string;
}
type WithChosen = IHttpRequestOptions & { [CHOSEN]?: Chosen };

/** The number's digits, checked: a campaign takes US local numbers only. Bad input stops the item before any request. */
function usLocalDigits(ctx: IExecuteSingleFunctions | IExecutePaginationFunctions, digits: string, typed: unknown): string {
	const problem = notUsLocalNumber(digits);
	if (!problem) return digits;
	throw new NodeOperationError(ctx.getNode(), `The "${OWNED_FIELD.displayName}" ${typed === undefined ? `+${digits}` : `value "${String(typed)}"`} cannot be in a messaging campaign`, {
		description: `${problem}. Nothing was sent.`,
		itemIndex: ctx.getItemIndex(),
	});
}

/** Reads and checks the number, the campaign and (Get Status) the order before any request. */
function readChosen(provider: CampaignRouteProvider, operation: CampaignOperationId) {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const target = readTarget(this, provider.owned);
		if (target.by === 'number') usLocalDigits(this, target.digits, undefined);
		const campaignId = readCampaignId(this, provider.campaigns, this.getNodeParameter(CAMPAIGN_FIELD.name, ''), CAMPAIGN_FIELD.displayName);
		const chosen: Chosen = { target, campaignId };
		const orders = provider.campaigns.orders;
		if (operation === 'getCampaignStatus' && orders) {
			const raw = this.getNodeParameter(CAMPAIGN_ORDER_FIELD.name, '');
			const text = typeof raw === 'string' ? raw.trim() : '';
			if (text !== '') {
				if (!orders.idPattern.test(text)) {
					throw invalidField(this, CAMPAIGN_ORDER_FIELD.displayName, raw, 'it is not an order ID', `Leave it empty, or give the 'orderId' an earlier assignment answered with, e.g. ${orders.idExample}.`);
				}
				chosen.orderId = text.toLowerCase();
			}
		}
		(request as WithChosen)[CHOSEN] = chosen;
		return request;
	};
}

/** The number of the item: typed, or read from the provider when it was picked by the provider's ID (one request). */
async function numberOf(ctx: IExecutePaginationFunctions, provider: CampaignRouteProvider, send: CampaignSend, target: OwnedTarget): Promise<CampaignNumber> {
	if (target.by === 'number') return { digits: target.digits };
	const record = await send({ method: 'GET', url: provider.owned.path(target.id) });
	let digits: string;
	try {
		digits = toDigits(provider.simplifyOwned(recordOf(provider.owned, record ?? {})).number);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${provider.name} did not say which number has the ID ${target.id}`, {
			description: 'Choose the number By Number instead.',
			itemIndex: ctx.getItemIndex(),
		});
	}
	return { digits: usLocalDigits(ctx, digits, undefined), id: target.id };
}

/** Runs one item of a campaign operation (the route's request operation, so it may send several requests). */
function campaignRunner(provider: CampaignRouteProvider, operation: CampaignOperationId) {
	return async function (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions): Promise<INodeExecutionData[]> {
		const chosen = (requestData.options as WithChosen)[CHOSEN];
		if (!chosen) throw new NodeOperationError(this.getNode(), 'The campaign operation was not prepared', { itemIndex: this.getItemIndex() });
		const send = routingSend(this, requestData);
		const number = await numberOf(this, provider, send, chosen.target);
		const e164 = `+${number.digits}`;
		const { campaignId } = chosen;
		const { campaigns } = provider;
		const item = (campaign: CampaignSummary, extra: IDataObject = {}): INodeExecutionData[] => [
			{ json: { ...extra, provider: provider.slug, number: e164, campaign }, pairedItem: { item: this.getItemIndex() } },
		];

		if (operation === 'addToCampaign') {
			return item(await assignNumber(provider, send, campaignId, number, { waitMs: campaignWaitMs(this), checkFirst: true, everyFailure: false, signal: this.getExecutionCancelSignal() }));
		}
		if (operation === 'getCampaignStatus') {
			const found = chosen.orderId
				? await campaigns.check(send, campaignId, number, { status: 'pending', state: null, orderId: chosen.orderId })
				: await campaigns.find(send, campaignId, number);
			return item(campaignSummary(provider, campaignId, e164, found));
		}
		const assignment = await campaigns.find(send, campaignId, number);
		if (!assignment) {
			throw new NodeOperationError(this.getNode(), `${e164} is not in messaging campaign ${campaignId}`, {
				description: `Nothing was removed. Check the number and the campaign, or see where the number stands with "${CAMPAIGN_OPERATION_NAMES.status}".`,
				itemIndex: this.getItemIndex(),
			});
		}
		await campaigns.remove(send, campaignId, number, assignment);
		// deleted: true is the confirmation n8n's UX guidelines ask of a deletion (here: of the assignment).
		return item({ status: 'removed', id: campaignId, orderId: null, state: assignment.state, alreadyInCampaign: true }, { deleted: true });
	};
}

/** The declarative route of one campaign operation at one provider. */
export function campaignRoute(provider: CampaignRouteProvider, operation: CampaignOperationId): INodePropertyRouting {
	return {
		request: { method: 'GET' },
		send: { paginate: true, preSend: [readChosen(provider, operation)] },
		operations: { pagination: campaignRunner(provider, operation) },
	};
}

/**
 * One page of the Messaging Campaign list (From List): the account's campaigns, shown as
 * "name (use case, state)", filtered by what the user typed; the value is the campaign's ID.
 */
export async function listMessagingCampaigns(
	this: ILoadOptionsFunctions,
	provider: ProviderAddress & ProviderErrorStyle & CampaignProvider,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const request = await listSender(this, provider, { field: CAMPAIGN_FIELD.displayName, otherwise: "give the campaign's ID 'By ID'" });
	const send: CampaignSend = async ({ method, url, qs }) => await request({ method, url, qs });
	const typed = filter?.trim() || undefined;
	const { campaigns, next } = await provider.campaigns.list(send, typed, paginationToken || undefined);
	return {
		results: campaigns.map(({ id, name, useCase, state }) => {
			const about = [useCase, state].filter(Boolean).join(', ');
			return { name: `${name ?? id}${about ? ` (${about})` : ''}`, value: id };
		}),
		...(next ? { paginationToken: next } : {}),
	};
}
