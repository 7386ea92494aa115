/**
 * Phone-number normalisation. Users type numbers in many ways ("+1 (415) 555-0100",
 * "14155550100", "0044 20 7946 0000"); providers want one exact form each. Everything here is
 * pure so it can be tested directly and runs before any request is built.
 */

/** E.164 allows at most 15 digits; anything under 8 cannot be a full international number. */
export const MIN_DIGITS = 8;
export const MAX_DIGITS = 15;

/** Separators people put between digit groups; they carry no meaning and are dropped. */
const SEPARATORS = /[\s\-.()/\u00a0]/g;

export class InvalidPhoneNumber extends Error {}

/**
 * Returns the number as digits only, country code first (the form some providers want in their paths).
 * A leading "+" or "00" (international dialling prefix) is accepted and dropped.
 * Throws InvalidPhoneNumber with a plain-words reason otherwise.
 */
export function toDigits(value: unknown): string {
	let text: string;
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
		text = String(value);
	} else if (typeof value === 'string') {
		text = value.trim();
	} else if (value === undefined || value === null) {
		throw new InvalidPhoneNumber('it is empty');
	} else {
		throw new InvalidPhoneNumber(`it is ${describeType(value)}, not text`);
	}
	if (text === '') throw new InvalidPhoneNumber('it is empty');

	// "+49 (0)30 …": the bracketed 0 is the national trunk prefix, dialled only inside the country.
	let rest = text.replace(/\(0\)/g, '').replace(SEPARATORS, '');
	if (rest.startsWith('+')) rest = rest.slice(1);
	else if (rest.startsWith('00')) rest = rest.slice(2);

	if (!/^[0-9]+$/.test(rest)) {
		throw new InvalidPhoneNumber('it may only contain digits, a leading "+", spaces, dashes, dots and brackets');
	}
	if (rest.length < MIN_DIGITS) {
		throw new InvalidPhoneNumber(`it has ${rest.length} digits, fewer than ${MIN_DIGITS}`);
	}
	if (rest.length > MAX_DIGITS) {
		throw new InvalidPhoneNumber(`it has ${rest.length} digits, more than ${MAX_DIGITS}`);
	}
	if (rest.startsWith('0')) {
		throw new InvalidPhoneNumber('a country code never starts with 0 (drop the national trunk 0 and add the country code)');
	}
	return rest;
}

/** "+" and the digits: the E.164 form. */
export function toE164(value: unknown): string {
	return `+${toDigits(value)}`;
}

function describeType(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'number') return 'a number that is not a whole positive number';
	if (typeof value === 'boolean') return 'true/false';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
