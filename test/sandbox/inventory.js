'use strict';

/**
 * The numbers the stand-in sells. Each block expands to `count` consecutive numbers: country code +
 * prefix + suffix. Numbers come from ranges reserved for fiction (US 555-01xx, UK 020 7946 0xxx and
 * 07700 900xxx, FR 01 99 00 xx xx) or are plainly made up, so nothing here can reach a real
 * subscriber. To add numbers, add a block; each provider module's `sells(block)` says which blocks
 * that provider sells.
 */

const ALL_CAPABILITIES = ['voice', 'sms', 'mms', 'fax'];
const US = { cc: '1', iso: 'US', country: 'UNITED STATES', width: 4, first: 100 };

const BLOCKS = [
	{ ...US, areaCode: '415', prefix: '415555', count: 30, type: 'local', region: 'CA', regionName: 'California', city: 'San Francisco', rateCenter: 'SNFC CNTRL', lata: '722', capabilities: ALL_CAPABILITIES, monthlyRate: '0.50000' },
	{ ...US, areaCode: '212', prefix: '212555', count: 30, type: 'local', region: 'NY', regionName: 'New York', city: 'New York', rateCenter: 'NWYRCYZN01', lata: '132', capabilities: ALL_CAPABILITIES, monthlyRate: '0.50000' },
	{ ...US, areaCode: '312', prefix: '312555', count: 30, type: 'local', region: 'IL', regionName: 'Illinois', city: 'Chicago', rateCenter: 'CHICAGO', lata: '358', capabilities: ALL_CAPABILITIES, monthlyRate: '0.50000' },
	{ ...US, areaCode: '800', prefix: '800555', count: 20, type: 'tollfree', capabilities: ['voice', 'sms'], monthlyRate: '1.00000' },
	{ ...US, areaCode: '888', prefix: '888555', count: 20, type: 'tollfree', capabilities: ['voice', 'sms'], monthlyRate: '1.00000' },
	{ cc: '44', iso: 'GB', country: 'UNITED KINGDOM', areaCode: '20', prefix: '207946', first: 100, width: 4, count: 10, type: 'local', region: 'LND', regionName: 'London', city: 'London', capabilities: ['voice'], monthlyRate: '1.00000' },
	{ cc: '44', iso: 'GB', country: 'UNITED KINGDOM', areaCode: '7700', prefix: '7700900', first: 100, width: 3, count: 5, type: 'mobile', capabilities: ['voice', 'sms'], monthlyRate: '1.50000' },
	// Germany and France need address/identity verification at some providers: purchases there may come back "pending".
	{ cc: '49', iso: 'DE', country: 'GERMANY', areaCode: '30', prefix: '305555', first: 100, width: 4, count: 10, type: 'local', region: 'BE', regionName: 'Berlin', city: 'Berlin', capabilities: ['voice'], monthlyRate: '1.20000', restriction: 'city-address' },
	{ cc: '33', iso: 'FR', country: 'FRANCE', areaCode: '1', prefix: '1990001', first: 0, width: 2, count: 5, type: 'local', region: 'IDF', regionName: 'Ile-de-France', city: 'Paris', capabilities: ['voice'], monthlyRate: '1.20000', restriction: 'city-address' },
];

/** One inventory entry per number of the blocks `sells` accepts, in block order. */
function inventoryFor(sells) {
	const entries = [];
	for (const block of BLOCKS.filter(sells)) {
		for (let i = 0; i < block.count; i++) {
			const national = block.prefix + String(block.first + i).padStart(block.width, '0');
			entries.push({
				order: entries.length,
				digits: block.cc + national,
				e164: `+${block.cc}${national}`,
				national,
				cc: block.cc,
				iso: block.iso,
				country: block.country,
				areaCode: block.areaCode,
				type: block.type,
				region: block.region ?? null,
				regionName: block.regionName ?? null,
				city: block.city ?? null,
				rateCenter: block.rateCenter ?? null,
				lata: block.lata ?? null,
				capabilities: block.capabilities,
				monthlyRate: block.monthlyRate,
				restriction: block.restriction ?? null,
			});
		}
	}
	return entries;
}

module.exports = { ALL_CAPABILITIES, US, BLOCKS, inventoryFor };
