import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type INode,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type PreSendAction,
} from 'n8n-workflow';

/** What the address step needs to know about a provider. */
export interface ProviderAddress {
	/** The credential type, which is also the `authentication` value. */
	id: string;
	name: string;
	credentialName: string;
	addressHint: string;
	/** The API root built from the credential's fields (pure). */
	apiRoot(credentials: ICredentialDataDecryptedObject): string;
}

/** API roots by execution, node and provider: the credential is read once per execution, never shared between two. */
const roots = new Map<string, Promise<string | undefined>>();
const ROOTS_LIMIT = 200;

/** Only an http(s) URL with a host is usable; anything else is reported, not sent. */
export function usableRoot(root: string): string | undefined {
	try {
		const url = new URL(root);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' ? root : undefined;
	} catch {
		return undefined;
	}
}

/** The stop for a credential whose address is not usable; the message does not repeat the address (it may carry user:password). */
export function unusableAddress(node: INode, provider: ProviderAddress, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, `The "${provider.credentialName}" credential does not give a usable ${provider.name} address`, {
		description: provider.addressHint,
		...(itemIndex === undefined ? {} : { itemIndex }),
	});
}

/** The checked API root of a provider's credential, for requests sent outside the declarative routing (list search, trigger). */
export function checkedApiRoot(node: INode, provider: ProviderAddress, credentials: ICredentialDataDecryptedObject): string {
	const root = usableRoot(provider.apiRoot(credentials));
	if (!root) throw unusableAddress(node, provider);
	return root;
}

/**
 * A preSend action that sets the request's API root from the provider's credential. Plain code
 * instead of a baseURL expression: n8n's declarative engine evaluates a baseURL expression twice
 * per item, and each evaluation costs more than the rest of the node's work (see bench/).
 * The address is checked before anything is sent; the message does not repeat it, as a base URL
 * may carry user:password.
 */
export function providerAddress(provider: ProviderAddress): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const read = () => this.getCredentials(provider.id).then((credentials) => usableRoot(provider.apiRoot(credentials)));
		// Without an execution ID there is nothing that tells two executions apart: read every time,
		// so a corrected credential is used at once.
		const executionId = this.getExecutionId();
		const key = executionId ? `${executionId}|${this.getNode().id}|${provider.id}` : undefined;
		let root = key === undefined ? undefined : roots.get(key);
		if (!root) {
			root = read();
			if (key !== undefined) {
				if (roots.size >= ROOTS_LIMIT) roots.delete(roots.keys().next().value as string);
				roots.set(key, root);
				// A failed read is not kept: the next item or run tries again.
				root.catch(() => roots.delete(key));
			}
		}
		const baseURL = await root;
		if (!baseURL) throw unusableAddress(this.getNode(), provider, this.getItemIndex());
		request.baseURL = baseURL;
		return request;
	};
}
