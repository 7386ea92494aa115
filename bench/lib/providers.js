'use strict';

/**
 * Every provider as the benchmarks use it: our node's credential, and what a user would configure
 * in n8n's HTTP Request node (Basic Auth) to buy the same number.
 */

const PROVIDERS = {
	signalwire: {
		label: 'SignalWire',
		credential: 'signalWireApi',
		credentialData: (base) => ({ spaceUrl: 'example-space', projectId: 'sw-test-project', apiToken: 'sw-test-token', baseUrl: base }),
		basicAuth: { user: 'sw-test-project', password: 'sw-test-token' },
		// What a user would configure in the HTTP Request node for the same purchase.
		httpParameters: (base) => ({
			method: 'POST',
			url: `${base}/api/relay/rest/phone_numbers`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters: [{ name: 'number', value: '={{ $json.number }}' }] },
			options: {},
		}),
		httpBought: (json, item) => json.number === item.number,
		serverKey: 'signalwire',
	},
	plivo: {
		label: 'Plivo',
		credential: 'plivoNumbersApi',
		credentialData: (base) => ({ authId: 'MATESTACCOUNT0000001', authToken: 'plivo-test-token', baseUrl: base }),
		basicAuth: { user: 'MATESTACCOUNT0000001', password: 'plivo-test-token' },
		httpParameters: (base) => ({
			method: 'POST',
			url: `={{ "${base}/v1/Account/MATESTACCOUNT0000001/PhoneNumber/" + $json.digits + "/" }}`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			options: {},
		}),
		httpBought: (json, item) => json.message === 'created' && json.numbers?.[0]?.number === item.digits,
		serverKey: 'plivo',
	},
	twilio: {
		label: 'Twilio',
		credential: 'twilioNumbersApi',
		credentialData: (base) => ({ accountSid: 'AC00000000000000000000000000000001', authType: 'authToken', authToken: 'twilio-test-token', baseUrl: base }),
		basicAuth: { user: 'AC00000000000000000000000000000001', password: 'twilio-test-token' },
		// Twilio takes form-encoded fields: the HTTP Request node's "Form Urlencoded" body.
		httpParameters: (base) => ({
			method: 'POST',
			url: `${base}/2010-04-01/Accounts/AC00000000000000000000000000000001/IncomingPhoneNumbers.json`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: { parameters: [{ name: 'PhoneNumber', value: '={{ $json.number }}' }] },
			options: {},
		}),
		httpBought: (json, item) => json.phone_number === item.number,
		serverKey: 'twilio',
	},
};

module.exports = { PROVIDERS };
