// Lines n8n logged after a run's own scan (winston writes on later ticks) are scanned here.
import { logText, TEST_CREDENTIALS } from './n8n.cts';

afterAll(() => {
	const text = logText();
	for (const secret of [TEST_CREDENTIALS.signalWireApi.apiToken, TEST_CREDENTIALS.plivoNumbersApi.authToken]) {
		expect(text).not.toContain(secret);
	}
});
