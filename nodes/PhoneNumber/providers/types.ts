import type { INodePropertyRouting } from 'n8n-workflow';
import type { ProviderErrorStyle } from '../shared/errors';

/** The `authentication` values: each provider is chosen through its credential type. */
export type ProviderId = 'signalWireApi' | 'plivoNumbersApi';

/** The `operation` values. */
export type OperationId = 'purchase';

/** Everything that differs between providers, in one object per provider. */
export interface Provider extends ProviderErrorStyle {
	id: ProviderId;
	/** The credential's display name, as users see it in n8n. */
	credentialName: string;
	description: string;
	/** Expression for the API root, built from the provider's credential. */
	baseURL: string;
	/** How each operation's request is shaped at this provider. */
	routes: Record<OperationId, INodePropertyRouting>;
}
