import type { ICredentialDataDecryptedObject, IDataObject, IHookFunctions, IHttpRequestMethods, INodeProperties, INodePropertyRouting } from 'n8n-workflow';
import type { ProviderAddress } from '../shared/address';
import type { CampaignApi, CampaignOperationId } from '../shared/campaign';
import type { ProviderErrorStyle } from '../shared/errors';
import type { EventKind, PhoneEvent } from '../shared/events';
import type { OwnedNumberList } from '../shared/listSearch';
import type { OwnedNumberApi } from '../shared/owned';
import type { PurchaseApi } from '../shared/purchase';
import type { SearchCriteria, SearchFilter, SearchNumberType, SearchQueryBuilder } from '../shared/search';
import type { NumberSettings } from '../shared/settings';
import type { SignedRequest, Verdict } from '../shared/signatures';
import type { SimpleNumber } from '../shared/simplify';

/**
 * The contract between the two nodes and a provider. Each provider is one folder
 * (providers/<provider>/) whose index.ts exports one `Provider`; the registry (providers/index.ts)
 * lists them. Both nodes, their credential lists and every text that names the providers come
 * from that list: generic code never names a provider (test/layout.test.ts keeps it so).
 *
 * Where it grew for providers that work differently (each optional, so the others are unchanged):
 * - purchases that finish later: PurchaseApi.order (an order polled until done within Options →
 *   Max Wait for Order; shared/purchase.ts, shared/polling.ts);
 * - webhooks that live on an application or profile rather than on the number:
 *   ProviderTrigger.activate sends every request itself and keeps what it created in its
 *   Activation, which cleanUp deletes;
 * - replies sent through the provider's API rather than in the answer: messageReply may return a
 *   request (MessageReply);
 * - answers wrapped in an envelope (OwnedNumberApi.record), settings at more than one endpoint
 *   of a number (OwnedNumberApi.elsewhere), a help link or meaning in refusals (errorHelp).
 * - repeated webhook deliveries (one execution per provider event): ProviderTrigger.event's IDs
 *   are the event key (shared/deliveries.ts), and replayNonce tells a copy from a retry.
 */

/** The `authentication` value: each provider is chosen through its credential type's name. */
export type ProviderId = string;

/** The `operation` values every provider routes itself. */
export type CoreOperationId = 'purchase' | 'search' | 'getAll' | 'get' | 'update' | 'release';

/** Every `operation` value: the core ones, and the campaign ones (routed by shared/campaignRoute.ts for providers with `campaigns`). */
export type OperationId = CoreOperationId | CampaignOperationId;

/** How a provider searches its inventory of numbers for sale. */
export interface ProviderSearch extends SearchQueryBuilder {
	/** Where the provider searches, in a sentence for the Number Type field's description. */
	scope: string;
	/** The number types it sells, in the order the Number Type field lists them. */
	numberTypes: SearchNumberType[];
	/** The search filters it understands; the Filters collection offers only these. */
	filters: SearchFilter[];
	/** Its own wording of a filter's description, where the provider has limits of its own (e.g. "3 to 7 digits"). */
	filterDescriptions?: Partial<Record<SearchFilter, string>>;
	/** How it pages search results, in a few words for the Return All hint (e.g. "X answers a search with at most 100 numbers"). */
	limitNote: string;
	/**
	 * The query string of a search (pure). Throws InvalidSearch, naming the field, for criteria
	 * this provider cannot search by. Page size is not part of it: see the route's paging.
	 */
	query(criteria: SearchCriteria): IDataObject;
	/** One available number in the shape shared by every provider (Simplify). */
	simplify(raw: IDataObject, criteria: Pick<SearchCriteria, 'numberType'>): SimpleNumber;
}

/** Everything the Phone Number node and the Phone Number Trigger need to know about one provider. */
export interface Provider extends ProviderAddress, ProviderErrorStyle {
	// Who it is -------------------------------------------------------------------------------
	/** Its credential type's `name`, which is also the `authentication` value saved in workflows: never change it. */
	id: ProviderId;
	/** The provider's name in output items (`provider` of Simplify, Release and trigger items), e.g. "acme". */
	slug: string;
	/** The name users know, e.g. "Acme": in messages and in every list of providers. */
	name: string;
	/** The credential type's `displayName`, e.g. "Acme API". */
	credentialName: string;
	/** Where the numbers live, e.g. "your Acme account": "Numbers in your Acme account". */
	account: string;

	// Address and errors ------------------------------------------------------------------------
	/** The API root from the provider's credential (pure); shared/address.ts checks and caches it. */
	apiRoot(credentials: ICredentialDataDecryptedObject): string;
	/** What to check when the credential does not give a usable http(s) address. */
	addressHint: string;
	/** The provider's own words from an error body (shared/errors.ts words the refusal around them). */
	errorText(body: unknown): string | undefined;
	/** What to check when the provider refuses the credentials (HTTP 401). */
	credentialHint: string;
	/** Optional: where the provider explains an error (e.g. its error body's help link), added to the refusal's description. */
	errorHelp?(body: unknown): string | undefined;
	/** Optional: the error body as errors keep it, without what errors never show (e.g. the account ID the provider echoes). */
	errorDetails?(body: unknown): unknown;

	// The Phone Number node ---------------------------------------------------------------------
	/** Search Available and Purchase → First Available Match: the query, the filters offered, Simplify. */
	search: ProviderSearch;
	/** How an owned number is addressed (its path; the lookup from number to ID, if the provider uses IDs). */
	owned: OwnedNumberApi;
	/** The Phone Number list (From List) of both nodes: one page of owned numbers at a time. */
	ownedList: OwnedNumberList;
	/** One owned number in the shape shared by every provider (Simplify of Get Many and Get). */
	simplifyOwned(raw: IDataObject): SimpleNumber;
	/** A number's settings: Update → Update Fields and Purchase → Then Configure offer these fields, checked by these rules. */
	settings: NumberSettings;
	/** How a number is bought, found again when the answer is lost, and configured right after. */
	purchase: PurchaseApi;
	/** Purchase → Additional Fields: options only this provider's purchase request takes (with their routing); none: no collection. */
	purchaseFields: INodeProperties[];
	/** Get Many → Filters: this provider's filters (with their routing); none: no collection. */
	listFilters: INodeProperties[];
	/** Each core operation's declarative routing, built with shared/routes.ts and shared/purchase.ts (hand `campaigns` to purchaseRoute too). */
	routes: Record<CoreOperationId, INodePropertyRouting>;
	/**
	 * OPTIONAL: US A2P 10DLC messaging campaigns (shared/campaign.ts has the contract). With it the
	 * provider gets the operations Add to / Get Status of / Remove From Messaging Campaign, routed
	 * generically, and Purchase → Then Configure → Messaging Campaign; without it none of them is
	 * shown for the provider. Brand and campaign registration stay in the provider's console.
	 */
	campaigns?: CampaignApi;

	// The Phone Number Trigger ------------------------------------------------------------------
	trigger: ProviderTrigger;
}

/** The part of a Provider that every request to it needs: where its API is, how it words errors. */
export type ProviderBase = Pick<Provider, 'id' | 'name' | 'credentialName' | 'apiRoot' | 'addressHint' | 'errorText' | 'credentialHint' | 'errorHelp' | 'errorDetails'>;

/** Which number the trigger points at the workflow (its digits, or the provider's ID of it when picked from the list), for which events, at which URL. */
export interface Target {
	number: { digits: string } | { id: string };
	events: EventKind[];
	webhookUrl: string;
}

/**
 * What the trigger remembers between activation and deactivation (the node's static data, plain
 * JSON). A provider may keep more, e.g. the ID of something it created for cleanUp. Saved
 * activations outlive upgrades of the package: never rename a field a provider has written.
 */
export interface Activation extends IDataObject {
	/** The provider's id. */
	provider: ProviderId;
	/** E.164 */
	number: string;
	webhookUrl: string;
	/** What the provider's paths address the number by: its ID, or its digits. */
	numberKey: string;
	/** The number's settings before the trigger changed them. */
	previous: IDataObject;
	/** The settings the trigger set; anything else found at deactivation means someone changed them. */
	applied: IDataObject;
}

/**
 * How a reply reaches the sender of a message: the answer to the provider's webhook (its message
 * XML, as text), or a request to the provider's API (sent by the trigger with the credential; the
 * webhook is then answered with nothing to do).
 */
export type MessageReply = string | { request: { method: IHttpRequestMethods; path: string; body: IDataObject } };

/** What the Phone Number Trigger does at one provider. */
export interface ProviderTrigger {
	/** The credential field the provider signs its webhooks with: activation stops before any change without it. */
	signingSecret: {
		field: string;
		displayName: string;
		/** Where the user finds it, in a sentence. */
		whereToFind: string;
	};
	/** What the provider calls its call-answer XML, e.g. "cXML", for the Answer Calls texts. */
	callXml: string;
	/**
	 * Points the number (or whatever carries its webhooks) at `target.webhookUrl`. Calls `save` with
	 * what it will change BEFORE changing it, and again whenever it creates something, so that a
	 * failure half-way can still be undone; returns what it saved last.
	 */
	activate(ctx: IHookFunctions, target: Target, save: (activation: Activation) => void): Promise<Activation>;
	/** The number's current settings, in the form `applied` was recorded in; undefined when the number is gone. */
	current(ctx: IHookFunctions, activation: Activation): Promise<IDataObject | undefined>;
	/** Puts `previous` back (only called when `current` still equals `applied`). */
	restore(ctx: IHookFunctions, activation: Activation): Promise<void>;
	/** Removes what activate created, whether or not the number was restored. */
	cleanUp(ctx: IHookFunctions, activation: Activation): Promise<void>;
	/** Whether a webhook really comes from the provider (pure; the reason is sent back with the 403). */
	verify(request: SignedRequest, secret: string): Verdict;
	/**
	 * The trigger's item from a (verified) webhook, read from the request as received: form posts
	 * through payloadOf, JSON bodies from rawBody. Undefined when it is neither a message nor a call.
	 * `messageId` / `callId` must be the provider's ID of the message or call, the same in every
	 * delivery of one event (retries included) and different for every other event: with the kind,
	 * they are the event key that makes one event start one execution (shared/deliveries.ts).
	 */
	event(request: SignedRequest, receivedAt: string): PhoneEvent | undefined;
	/**
	 * Optional: a value the provider signs into every request and never sends twice, e.g. a signature
	 * nonce. A verified request whose value was already seen within the de-duplication window is a
	 * copy, not a delivery, and is refused (HTTP 403); a provider's own retry carries a new one and
	 * is answered as a repeat of its event. Without it, the event key alone protects.
	 */
	replayNonce?(request: SignedRequest): string | undefined;
	/** How `reply` is texted back to the sender of `event` (reply is never empty): the answer, or a request. */
	messageReply(event: PhoneEvent, reply: string): MessageReply;
	/** The answer to a call: say `sayText` (if any), then hang up. */
	callAnswer(sayText: string | undefined): string;
}
