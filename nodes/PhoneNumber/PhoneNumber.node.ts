import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { operationFields, operationSelectors, requestOptions, resourceSelector } from './operations';
import { PROVIDER_NAMES, providerCredentials, providerNameExpression, providerSelector, searchMessagingCampaigns, searchOwnedNumbers } from '../providers';

export class PhoneNumber implements INodeType {
	methods = { listSearch: { searchOwnedNumbers, searchMessagingCampaigns } };

	description: INodeTypeDescription = {
		displayName: 'Phone Number',
		name: 'phoneNumber',
		icon: { light: 'file:../../icons/phone-number.svg', dark: 'file:../../icons/phone-number.dark.svg' },
		group: ['output'],
		version: 1,
		// "purchase at Acme": the provider's name comes from the registry. (n8n's lint rule for
		// subtitles reads string literals only; test/layout.test.ts checks this one through n8n's expressions.)
		subtitle: `={{ $parameter["operation"] + " at " + (${providerNameExpression}) }}`,
		description: `Search for, buy and manage phone numbers at ${PROVIDER_NAMES}`,
		defaults: { name: 'Phone Number' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials(),
		// Provider errors are mapped to the provider's own words by a postReceive action.
		requestDefaults: {
			ignoreHttpStatusErrors: true,
			headers: { Accept: 'application/json' },
		},
		properties: [
			providerSelector,
			resourceSelector,
			...operationSelectors,
			...operationFields,
			requestOptions,
		],
	};
}
