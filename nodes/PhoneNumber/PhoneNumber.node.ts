import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { operationFields, operationSelector } from './operations';
import { providerSelector } from '../providers';
import { requestOptionsProperty } from '../shared/rateLimit';
import { searchOwnedNumbers } from '../shared/listSearch';

export class PhoneNumber implements INodeType {
	methods = { listSearch: { searchOwnedNumbers } };

	description: INodeTypeDescription = {
		displayName: 'Phone Number',
		name: 'phoneNumber',
		icon: { light: 'file:../../icons/phone-number.svg', dark: 'file:../../icons/phone-number.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] + " at " + ($parameter["authentication"] === "plivoNumbersApi" ? "Plivo" : "SignalWire") }}',
		description: 'Search for, buy and manage phone numbers at SignalWire or Plivo',
		defaults: { name: 'Phone Number' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'signalWireApi', required: true, displayOptions: { show: { authentication: ['signalWireApi'] } } },
			{ name: 'plivoNumbersApi', required: true, displayOptions: { show: { authentication: ['plivoNumbersApi'] } } },
		],
		// Provider errors are mapped to the provider's own words by a postReceive action.
		requestDefaults: {
			ignoreHttpStatusErrors: true,
			headers: { Accept: 'application/json' },
		},
		properties: [
			providerSelector,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Phone Number', value: 'phoneNumber' }],
				default: 'phoneNumber',
			},
			operationSelector,
			...operationFields,
			requestOptionsProperty,
		],
	};
}
