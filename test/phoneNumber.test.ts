import { toDigits, toE164 } from '../nodes/shared/phoneNumber';

describe('toDigits / toE164: the forms users type', () => {
	test.each([
		['+14155550100', '14155550100'],
		['14155550100', '14155550100'],
		['+1 (415) 555-0100', '14155550100'],
		['+1 415 555 0100', '14155550100'],
		['1-415-555-0100', '14155550100'],
		['1.415.555.0100', '14155550100'],
		['  +44 20 7946 0000  ', '442079460000'],
		['0044 20 7946 0000', '442079460000'],
		['+49 (0)30/1234567', '49301234567'],
		[14155550100, '14155550100'],
		['12345678', '12345678'],
		['123456789012345', '123456789012345'],
	])('%p -> %p', (input, digits) => {
		expect(toDigits(input)).toBe(digits);
		expect(toE164(input)).toBe(`+${digits}`);
	});
});

describe('toDigits: what cannot be a phone number', () => {
	test.each([
		['', 'it is empty'],
		['   ', 'it is empty'],
		[undefined, 'it is empty'],
		[null, 'it is empty'],
		['abc', 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['1-800-FLOWERS', 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['+1 415 555 0100 ext 12', 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['++14155550100', 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['1415+5550100', 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['１４１５５５５０１００', 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['1234567', 'it has 7 digits, fewer than 8'],
		['+1234567890123456', 'it has 16 digits, more than 15'],
		['9'.repeat(200), 'it has 200 digits, more than 15'],
		['020 7946 0000', 'a country code never starts with 0 (drop the national trunk 0 and add the country code)'],
		[1.5, 'it is a number that is not a whole positive number, not text'],
		[-14155550100, 'it is a number that is not a whole positive number, not text'],
		[true, 'it is true/false, not text'],
		[['+14155550100'], 'it is a list, not text'],
		[{ number: '+14155550100' }, 'it is an object, not text'],
	])('%p is refused: %s', (input, reason) => {
		expect(() => toDigits(input)).toThrow(reason);
		try {
			toDigits(input);
		} catch (error) {
			expect((error as Error).message).toBe(reason);
		}
	});
});
