'use strict';

/**
 * The 10DLC messaging campaigns every stand-in account has, whatever the provider: the same five,
 * so tests and examples name them by key at every provider. Each provider module words them its
 * own way (IDs, state words, brands) and carries assignments out in its own shape.
 *
 *   registration   approved: takes numbers; review: not approved yet; rejected: never will
 *   looks          how many looks (GETs of the order or the number) an assignment takes before it
 *                  is done; Infinity: never done, as carriers may take a day for a new campaign
 *   brand          which of the account's two brands registered it (0 or 1)
 */
const CAMPAIGNS = Object.freeze([
	{ key: 'order-updates', name: 'Order updates', useCase: 'ACCOUNT_NOTIFICATION', registration: 'approved', looks: 1, brand: 0 },
	{ key: 'spring-promotions', name: 'Spring promotions', useCase: 'MARKETING', registration: 'approved', looks: 3, brand: 0 },
	{ key: 'carrier-review', name: 'New campaign (carrier review)', useCase: 'MIXED', registration: 'approved', looks: Infinity, brand: 0 },
	{ key: 'appointment-reminders', name: 'Appointment reminders', useCase: 'CUSTOMER_CARE', registration: 'review', looks: 1, brand: 1 },
	{ key: 'sweepstakes', name: 'Sweepstakes blast', useCase: 'SWEEPSTAKE', registration: 'rejected', looks: 1, brand: 1 },
]);

/** Numbers the carriers refuse (digits, country code first): their assignment fails once it is looked at. */
const REFUSED_NUMBERS = Object.freeze(['14155550128']);

module.exports = { CAMPAIGNS, REFUSED_NUMBERS };
