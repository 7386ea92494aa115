'use strict';

/**
 * The stand-in's providers, one module each, in the order the server tries their path prefixes.
 * Adding a provider: a module of this shape, and one line below. Everything else (auth before
 * routing, the route table, faults, rate limits, the request log, state, seeding, snapshots, the
 * __sandbox endpoints and the CLI) is the core's (../server.js), the same for every provider.
 *
 *   id, name, prefix          "signalwire", "SignalWire", the path prefix its API lives under (or a list
 *                             of them, when it has more than one API, e.g. Twilio's numbers and messaging)
 *   credentials               default fake credentials (DEFAULTS[id]); createSandbox({ [id]: {...} }) overrides
 *   configure(options)        the provider's own createSandbox options, as config keys
 *   describe(config, baseUrl) the CLI's line about how to reach it
 *   n8nCredential             { type, data(baseUrl, account) }: the node's credential that reaches this
 *                             stand-in (scripts/n8n-fixtures.js: demo, e2e and live tests)
 *   sells(block)              which inventory blocks (../inventory.js) it sells
 *   key(entry)                an inventory entry's key in the store (E.164, digits, ...)
 *   initial(store, config)    buys the numbers the account holds at start
 *   seed(store, entry, i, createdAt, config)   buys the i-th seeded number (option seedOwned)
 *   ownedSorted(store)        owned records in the provider's list order (snapshots)
 *   authenticate(call, config), errorBody(status), notFound(note), methodNotAllowed(allowed)
 *                             its auth check and error shapes
 *   unrouted(call, routed)    optional: its own answer for a path without a route
 *   routes                    [method, path template, operation, handler(ctx)] rows; a handler
 *                             returns reply(...) or throws a Rejection
 *   purchasedNumber(request)  the digits a logged purchase bought (purchasesByNumber)
 *   assignments(store)        optional: its numbers' 10DLC campaign assignments [{number, campaign, state}]
 *                             (snapshots); campaignIds: the campaign IDs by key, for tests and examples
 *   inbound                   { target(store, digits, event), payload(...), sign(config, url, payload, rawBody),
 *                             tamper(payload, event), encode?(payload, event) -> {contentType, body}
 *                             (default: form-encoded) }: webhooks for POST /__sandbox/inbound
 *
 * A store is { available: Map, owned: Map of { seq, entry, resource }, seq, applications: Map, appSeq }.
 */
module.exports = [require('./signalwire'), require('./plivo'), require('./twilio'), require('./telnyx')];
