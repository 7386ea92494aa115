import {
	NodeOperationError,
	type ILoadOptionsFunctions,
	type INodeCredentialDescription,
	type INodeListSearchResult,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import { providerAddress } from '../shared/address';
import { CAMPAIGN_OPERATIONS, type CampaignApi, type CampaignOperationId } from '../shared/campaign';
import { campaignRoute, listMessagingCampaigns } from '../shared/campaignRoute';
import { providerErrors } from '../shared/errors';
import { listOwnedNumbers } from '../shared/listSearch';
import { rateLimitAnswer, rateLimited } from '../shared/rateLimit';
import { orList } from '../shared/text';
import { plivo } from './plivo';
import { signalWire } from './signalwire';
import { twilio } from './twilio';
import { telnyx } from './telnyx';
import type { OperationId, Provider } from './types';

/**
 * The registry: every provider, in the order the editor lists them. Adding a provider is one line
 * here (and its folder, its credential, package.json's n8n.credentials: see CONTRIBUTING.md).
 * Everything below builds the parts of the two nodes that list or pick providers.
 */
export const providers: readonly Provider[] = [signalWire, plivo, twilio, telnyx];

/** The providers that put numbers into US 10DLC messaging campaigns (the optional `campaigns` part), in registry order. */
export const campaignProviders = providers.filter((provider): provider is Provider & { campaigns: CampaignApi } => provider.campaigns !== undefined);

/** "SignalWire or Plivo": for texts that name every provider. */
export const PROVIDER_NAMES = orList(providers.map((provider) => provider.name));

/** The provider of an `authentication` value (a saved workflow's, or the first one by default). */
export function providerById(id: string): Provider {
	const provider = providers.find((candidate) => candidate.id === id);
	if (!provider) throw new Error(`No provider is registered for the credential type "${id}"`);
	return provider;
}

/** The credentials a node offers: one per provider, each shown for its own `authentication` value (a fresh list per node). */
export function providerCredentials(): INodeCredentialDescription[] {
	return providers.map((provider) => ({
		name: provider.id,
		required: true,
		displayOptions: { show: { authentication: [provider.id] } },
	}));
}

/** An expression giving the chosen provider's name, for a node's subtitle. */
export const providerNameExpression = providers
	.slice(1)
	.reduceRight((otherwise, provider) => `$parameter["authentication"] === "${provider.id}" ? "${provider.name}" : ${otherwise}`, `"${providers[0].name}"`);

/**
 * A node's "Provider" selector. n8n picks the credential through a parameter named
 * `authentication`. `default` is a literal, the first provider's id: n8n's scanner reads
 * defaults statically (test/layout.test.ts checks it is the first provider's).
 */
function selector(describe: (provider: Provider) => INodePropertyOptions): INodeProperties {
	return {
		displayName: 'Provider',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: providers.map(describe),
		default: 'signalWireApi',
	};
}

/** The Phone Number node's Provider: each choice also sets its provider's API root, 429 retries and error mapping. */
export const providerSelector: INodeProperties = {
	...selector((provider) => ({
		name: provider.name,
		value: provider.id,
		description: `Numbers in ${provider.account}`,
		routing: {
			send: { preSend: [providerAddress(provider)] },
			output: { postReceive: [rateLimitAnswer(provider.name), providerErrors(provider)] },
		},
	})),
	description: 'The service that sells and hosts the numbers',
};

/** The Phone Number Trigger's Provider. */
export const triggerProviderSelector: INodeProperties = selector((provider) => ({
	name: provider.name,
	value: provider.id,
	description: `A number in ${provider.account}`,
}));

const isCampaignOperation = (operation: OperationId): operation is CampaignOperationId => (CAMPAIGN_OPERATIONS as readonly string[]).includes(operation);

/** A provider's routing of an operation: its own for the core operations, the generic one for the campaign operations (only with `campaigns`). */
function routeOf(provider: Provider, operation: OperationId) {
	if (!isCampaignOperation(operation)) return provider.routes[operation];
	const { campaigns } = provider;
	return campaigns ? campaignRoute({ name: provider.name, slug: provider.slug, owned: provider.owned, simplifyOwned: provider.simplifyOwned, campaigns }, operation) : undefined;
}

/**
 * One hidden parameter per provider carrying how that provider shapes this operation's
 * request. Hidden parameters take part in n8n's declarative routing like any other, so each
 * operation stays one description while each provider keeps its own paths and bodies.
 */
export function providerRoutes(operation: OperationId): INodeProperties[] {
	return providers.flatMap((provider) => {
		const routing = routeOf(provider, operation);
		if (!routing) return [];
		return [
			{
				displayName: `${provider.name} Request`,
				name: `${provider.id}Route`,
				type: 'hidden',
				default: '',
				displayOptions: { show: { operation: [operation], authentication: [provider.id] } },
				// Every operation's requests retry 429s (shared/rateLimit.ts): the one place they are wrapped.
				routing: rateLimited(provider.name, routing),
			} satisfies INodeProperties,
		];
	});
}

/** The listSearch method of the Messaging Campaign list, at the provider the node's `authentication` names. */
export async function searchMessagingCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const id = this.getNodeParameter('authentication', providers[0].id) as string;
	const provider = campaignProviders.find((candidate) => candidate.id === id);
	if (!provider) throw new NodeOperationError(this.getNode(), `${providerById(id).name} has no messaging campaigns in this node`, { description: `Messaging campaigns are available at ${orList(campaignProviders.map((candidate) => candidate.name))}.` });
	return await listMessagingCampaigns.call(this, provider, filter, paginationToken);
}

/** The listSearch method of the Phone Number list, at the provider the node's `authentication` names. */
export async function searchOwnedNumbers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const id = this.getNodeParameter('authentication', providers[0].id) as string;
	const provider = providers.find((candidate) => candidate.id === id) ?? providers[0];
	return await listOwnedNumbers.call(this, provider, filter, paginationToken);
}
