import type { INodeProperties } from 'n8n-workflow';
import { providerAddress } from '../shared/address';
import { providerErrors } from '../shared/errors';
import { rateLimitAnswer, rateLimited } from '../shared/rateLimit';
import { plivo } from './plivo';
import { signalWire } from './signalwire';
import type { OperationId, Provider } from './types';

export const providers: Provider[] = [signalWire, plivo];

/**
 * The "Provider" selector. n8n picks the credential through a parameter named
 * `authentication`; each choice also sets its provider's API root and error mapping.
 */
export const providerSelector: INodeProperties = {
	displayName: 'Provider',
	name: 'authentication',
	type: 'options',
	noDataExpression: true,
	options: providers.map((provider) => ({
		name: provider.name,
		value: provider.id,
		description: provider.description,
		routing: {
			send: { preSend: [providerAddress(provider)] },
			output: { postReceive: [rateLimitAnswer(provider.name), providerErrors(provider)] },
		},
	})),
	default: 'signalWireApi',
	description: 'The service that sells and hosts the numbers',
};

/**
 * One hidden parameter per provider carrying how that provider shapes this operation's
 * request. Hidden parameters take part in n8n's declarative routing like any other, so each
 * operation stays one description while each provider keeps its own paths and bodies.
 */
export function providerRoutes(operation: OperationId): INodeProperties[] {
	return providers.map((provider) => ({
		displayName: `${provider.name} Request`,
		name: `${provider.id}Route`,
		type: 'hidden',
		default: '',
		displayOptions: { show: { operation: [operation], authentication: [provider.id] } },
		// Every operation's requests retry 429s (shared/rateLimit.ts): the one place they are wrapped.
		routing: rateLimited(provider.name, provider.routes[operation]),
	}));
}
