import type { ICredentialDataDecryptedObject, IDataObject, INodePropertyRouting } from 'n8n-workflow';
import type { ProviderErrorStyle } from '../shared/errors';
import type { OwnedNumberList } from '../shared/listSearch';
import type { SearchCriteria, SearchFilter, SearchNumberType, SearchQueryBuilder } from '../shared/search';
import type { SimpleNumber } from '../shared/simplify';

/** The `authentication` values: each provider is chosen through its credential type. */
export type ProviderId = 'signalWireApi' | 'plivoNumbersApi';

/** The `operation` values. */
export type OperationId = 'purchase' | 'search' | 'getAll' | 'get' | 'update' | 'release';

/** How a provider searches its inventory of numbers for sale. */
export interface ProviderSearch extends SearchQueryBuilder {
	/** Where the provider searches, in a sentence for the Number Type field's description. */
	scope: string;
	/** The number types it sells, in the order the Number Type field lists them. */
	numberTypes: SearchNumberType[];
	/** The search filters it understands; the Filters collection offers only these. */
	filters: SearchFilter[];
	/**
	 * The query string of a search (pure). Throws InvalidSearch, naming the field, for criteria
	 * this provider cannot search by. Page size is not part of it: see the route's paging.
	 */
	query(criteria: SearchCriteria): IDataObject;
	/** One available number in the shape shared by both providers (Simplify). */
	simplify(raw: IDataObject, criteria: Pick<SearchCriteria, 'numberType'>): SimpleNumber;
}

/** Everything that differs between providers, in one object per provider. */
export interface Provider extends ProviderErrorStyle {
	id: ProviderId;
	/** "signalwire" / "plivo": the provider's name in simplified output items. */
	slug: SimpleNumber['provider'];
	/** The credential's display name, as users see it in n8n. */
	credentialName: string;
	description: string;
	/** What to check when the credential does not give a usable http(s) address. */
	addressHint: string;
	/** The API root, from the provider's credential (pure). */
	apiRoot(credentials: ICredentialDataDecryptedObject): string;
	search: ProviderSearch;
	/** One owned number in the shape shared by both providers (Simplify). */
	simplifyOwned(raw: IDataObject): SimpleNumber;
	/** How the account's numbers are listed, page by page, for the Phone Number list (shared/listSearch.ts). */
	ownedList: OwnedNumberList;
	/** How each operation's request is shaped at this provider. */
	routes: Record<OperationId, INodePropertyRouting>;
}
