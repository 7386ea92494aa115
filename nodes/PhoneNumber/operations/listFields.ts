import type { INodeProperties } from 'n8n-workflow';
import { LIMIT_FIELD, RETURN_ALL_FIELD } from '../../shared/pagination';
import type { OperationId } from '../../providers/types';

/** Return All and Limit for an operation that lists numbers. The provider's paging honours both. */
export function returnAllAndLimit(operation: OperationId, maxLimit: number, returnAllHint?: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: RETURN_ALL_FIELD,
			type: 'boolean',
			default: false,
			displayOptions: { show: { operation: [operation] } },
			description: 'Whether to return all results or only up to a given limit',
			...(returnAllHint ? { hint: returnAllHint } : {}),
		},
		{
			...LIMIT_FIELD,
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxLimit },
			default: 50,
			displayOptions: { show: { operation: [operation], [RETURN_ALL_FIELD]: [false] } },
			description: 'Max number of results to return',
			routing: { output: { maxResults: '={{ $value }}' } },
		},
	];
}

/** Simplify, on by default: the same small item at every provider instead of the provider's own object. */
export function simplifyField(operations: OperationId[]): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { operation: operations } },
		description:
			'Whether to return the same small item at every provider (provider, ID, number, name, type, capabilities, region, status) instead of the provider\'s full record',
	};
}

/** Simplify, off by default: where one record is read, it comes in full unless asked. */
export function simplifyOffField(operations: OperationId[]): INodeProperties {
	return { ...simplifyField(operations), default: false };
}
