/**
 * The node in n8n's editor, in a real browser, as a user uses it: find it in the nodes panel, add
 * it, pick credentials, execute steps, switch to the dark theme. Each step is one test, leaves a
 * screenshot in test-results/editor/ and prints its time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureChromium, findChromium, INSTALL_HINT, LAUNCH_ARGS } from './browser.cts';
import { connectLiveN8n, ROOT, startProviderStandIn, type LiveN8n, type ProviderStandIn } from './harness.cts';

const { chromium, selectors } = require('playwright-core') as typeof import('playwright-core');
/** "SignalWire, Plivo, Twilio or Telnyx", from the built registry: the node's description names them so. */
const { PROVIDER_NAMES } = require(path.join(ROOT, 'dist/nodes/providers/index.js')) as { PROVIDER_NAMES: string };

const SHOTS = path.join(ROOT, 'test-results/editor');
/** n8n's editor is slow on a busy 2-core machine: generous waits for what it shows. */
const UI_TIMEOUT = 60_000;
/** Requests that belong to our node: its icons, credential tests, list searches. */
const OURS = /\/icons\/[^/]+\/dist\/icons\/phone-number|\/rest\/credentials\/test|\/rest\/dynamic-node-parameters\//;

/** Names this run's credentials (a reused n8n may hold older ones). */
const LABEL = `Editor ${process.pid}`;

const canRun = process.env.CI === 'true' || findChromium() !== undefined;

let live: LiveN8n;
let standIn: ProviderStandIn;
let browser: Browser;
let page: Page;
const timings: Array<[string, number]> = [];
const failedRequests: string[] = [];
const consoleErrors: string[] = [];
const iconRequests: Array<{ url: string; status: number }> = [];
const credentialTests: Array<{ status: number; body: string }> = [];

/** One user step: its time and a screenshot, whether it passes or not. */
function step(name: string, run: () => Promise<void>, timeout = 180_000) {
	it(
		name,
		async () => {
			const since = performance.now();
			try {
				await run();
			} finally {
				const ms = performance.now() - since;
				timings.push([name, ms]);
				const file = path.join(SHOTS, `${String(timings.length).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 60)}.png`);
				await page?.screenshot({ path: file }).catch(() => undefined);
			}
		},
		timeout,
	);
}

const ndv = () => page.getByTestId('ndv');
const output = () => page.getByTestId('output-panel');
const parameter = (name: string): Locator => ndv().getByTestId(`parameter-input-${name}`);

async function chooseOption(field: string, option: string | RegExp) {
	await parameter(field).click();
	await page.getByRole('option', { name: option }).filter({ visible: true }).first().click();
}

async function chooseCredential(name: string) {
	await ndv().getByTestId('node-credentials-select').click();
	await page.getByRole('option').filter({ hasText: name }).filter({ visible: true }).first().click();
	const input = ndv().getByTestId('node-credentials-select').locator('input').first();
	await until(async () => (await input.inputValue()) === name, `the credential select to show "${name}"`);
}

/** The node's details view, opened again (double-click on the node) if a step before closed it, e.g. with Escape. */
async function openPhoneNumberNode() {
	if (await ndv().isVisible()) return;
	await page.getByTestId('canvas-node').filter({ hasText: /Purchase|Release|phone number/i }).first().dblclick();
	await expectVisible(ndv());
}

async function until(condition: () => Promise<boolean>, what: string, timeout = UI_TIMEOUT) {
	const deadline = Date.now() + timeout;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what}`);
		await page.waitForTimeout(200);
	}
}

async function expectVisible(locator: Locator, timeout = UI_TIMEOUT) {
	await locator.first().waitFor({ state: 'visible', timeout });
}

async function expectHidden(locator: Locator, timeout = UI_TIMEOUT) {
	await locator.first().waitFor({ state: 'hidden', timeout });
}

async function typeInto(field: string, text: string) {
	const input = parameter(field).locator('input, textarea').first();
	await input.click();
	await input.fill(text);
	await input.press('Tab');
}

async function executeStep() {
	await ndv().getByTestId('node-execute-button').click();
}

if (!canRun) {
	describe('n8n editor in a browser', () => {
		it('needs Chromium', () => {
			throw new Error(INSTALL_HINT);
		});
	});
} else {
	beforeAll(async () => {
		const executablePath = ensureChromium();
		fs.mkdirSync(SHOTS, { recursive: true });
		live = await connectLiveN8n();
		standIn = await startProviderStandIn(live, LABEL);
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
		// The session global-setup signed in (n8n limits sign-ins; the tests sign in once per n8n
		// process): its cookie, and the browser id it is bound to where n8n's editor keeps it.
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addCookies([{ ...live.sessionCookie, url: live.baseUrl }]);
		await context.addInitScript((browserId: string) => localStorage.setItem('n8n-browserId', browserId), live.browserId);
		page = await context.newPage();
		page.setDefaultTimeout(UI_TIMEOUT);
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
		});
		page.on('response', (response) => {
			const url = response.url();
			if (/\/icons\/.*phone-number/.test(url)) iconRequests.push({ url, status: response.status() });
			if (url.includes('/rest/credentials/test')) {
				void response.text().then((body) => credentialTests.push({ status: response.status(), body }));
			}
			if (response.status() >= 400 && OURS.test(url)) failedRequests.push(`${response.status()} ${response.request().method()} ${url}`);
		});
		page.on('requestfailed', (request) => {
			if (OURS.test(request.url())) failedRequests.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
		});
	}, 20 * 60_000);

	afterAll(async () => {
		process.stderr.write(`[live] editor steps:\n${timings.map(([name, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`).join('\n')}\n`);
		await browser?.close();
		await standIn?.close();
	});

	describe('n8n editor in a browser (Chromium)', () => {
		step('signed in with the shared session: the editor opens past the sign-in page', async () => {
			await page.goto(`${live.baseUrl}/home/workflows`);
			await page.waitForURL((url) => url.pathname.startsWith('/home'), { timeout: UI_TIMEOUT * 2 });
			// GET /rest/login answers with the signed-in user, as the editor itself asks at start.
			const me = await page.evaluate(async () => {
				const answer = await fetch('/rest/login', { headers: { 'browser-id': localStorage.getItem('n8n-browserId') ?? '' } });
				return { status: answer.status, body: (await answer.json()) as { data?: { email?: string } } };
			});
			expect([me.status, me.body?.data?.email]).toEqual([200, live.state.owner.email]);
			expect(new URL(page.url()).pathname).not.toMatch(/^\/signin/);
		});

		step('nodes panel: search "phone" finds Phone Number with its light icon and 9 actions', async () => {
			await page.goto(`${live.baseUrl}/workflow/new`);
			await page.getByTestId('node-creator-plus-button').click({ timeout: UI_TIMEOUT * 2 });
			await page.getByTestId('node-creator-search-bar').fill('phone');
			// n8n 2.x lists search results with their description; n8n 1.x with the name only, and shows
			// the description once the entry is opened (below).
			const named = page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ has: page.getByTestId('node-creator-item-name').getByText('Phone Number', { exact: true }) });
			const item = live.n8nMajor >= 2 ? named.filter({ hasText: PROVIDER_NAMES }) : named;
			await expectVisible(item);
			const icon = item.first().locator('img');
			await expect(icon.first().getAttribute('src')).resolves.toMatch(/\/icons\/[^/]+\/dist\/icons\/phone-number\.svg$/);
			await page.waitForFunction((img: any) => img.complete && img.naturalWidth > 0, await icon.first().elementHandle());
			await item.first().click();
			const actionsHeader = page.getByTestId('node-creator').getByText('Actions (9)');
			await expectVisible(actionsHeader);
			if (live.n8nMajor < 2) await expectVisible(page.getByTestId('node-creator').getByText(PROVIDER_NAMES));
			// Next to the Phone Number Trigger's triggers the actions may start collapsed.
			const purchase = page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: /^Purchase (a )?phone number$/ });
			if (!(await purchase.isVisible())) await actionsHeader.click();
			await expectVisible(purchase);
			const actions = await page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: /(phone numbers?|messaging campaign)$/ }).allInnerTexts();
			expect(actions.map((a) => a.trim())).toEqual([
				expect.stringMatching(/^Add phone number to messaging campaign$/),
				expect.stringMatching(/^Get (a )?phone number$/),
				expect.stringMatching(/^Get many phone numbers$/),
				expect.stringMatching(/^Get messaging campaign status of phone number$/),
				expect.stringMatching(/^Purchase (a )?phone number$/),
				expect.stringMatching(/^Release (a )?phone number$/),
				expect.stringMatching(/^Remove phone number from messaging campaign$/),
				expect.stringMatching(/^Search available phone numbers$/),
				expect.stringMatching(/^Update (a )?phone number$/),
			]);
		});

		step('add Purchase; the Plivo credential shows Plivo-only fields (Country, Additional Fields), the SignalWire one hides them', async () => {
			await page.getByTestId('node-creator').getByTestId('item-iterator-item').filter({ hasText: /^Purchase (a )?phone number$/ }).click();
			await expectVisible(ndv());
			await chooseCredential(`${LABEL} Plivo`);
			// Search Available: Country (Plivo only).
			await chooseOption('operation', 'Search Available');
			await expectVisible(parameter('country'));
			await chooseOption('operation', 'Purchase');
			// Purchase: Additional Fields (Application ID and the other Plivo purchase options).
			const additionalFields = ndv().getByText('Additional Fields', { exact: true });
			await expectVisible(additionalFields);
			// The SignalWire credential: both are gone.
			await chooseCredential(`${LABEL} SignalWire`);
			await expectHidden(additionalFields);
			await chooseOption('operation', 'Search Available');
			await expectVisible(parameter('numberType'));
			expect(await parameter('country').count()).toBe(0);
			await chooseOption('operation', 'Purchase');
			await expectVisible(parameter('phoneNumber'));
		});

		step('type a number the way people write it and Execute step: the output shows the bought number and purchase.status', async () => {
			await typeInto('phoneNumber', '+1 (415) 555-0100');
			await executeStep();
			await expectVisible(output().getByText('+14155550100'));
			// The provider's record is wide; the JSON view shows purchase.status too.
			await output().getByTestId('radio-button-json').click();
			await until(async () => {
				// The JSON view renders what is in view: scroll down to the purchase field at the end.
				await output().evaluate((panel) => panel.querySelectorAll('*').forEach((el: any) => el.scrollHeight > el.clientHeight && (el.scrollTop = el.scrollHeight)));
				return /"purchase":\s*\{\s*"status":\s*"purchased"/.test((await output().textContent()) ?? '');
			}, 'purchase.status "purchased" in the output');
			expect(standIn.sandbox.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/api/relay/rest/phone_numbers', { number: '+14155550100' }]]);
		});

		step('type an invalid number and execute: our message names the field, nothing is sent', async () => {
			const before = standIn.sandbox.requests.length;
			await typeInto('phoneNumber', '555-01');
			await executeStep();
			await expectVisible(output().getByText(/"Phone Number" value "555-01"/));
			expect(standIn.sandbox.requests.length).toBe(before);
		});

		step('Release: pick the bought number From List, execute: released by its ID', async () => {
			await chooseOption('operation', 'Release');
			const locator = ndv().getByTestId('resource-locator-ownedNumber');
			await expectVisible(locator);
			const before = standIn.sandbox.requests.length;
			await locator.getByTestId('rlc-input').click();
			const entry = page.getByText('+14155550100', { exact: true }).filter({ visible: true });
			await expectVisible(entry);
			await entry.first().click();
			// The list came from the provider: one search of the account's numbers.
			const listed = standIn.sandbox.requests.slice(before).map((r) => [r.method, r.path]);
			expect(listed).toEqual([['GET', '/api/relay/rest/phone_numbers']]);
			await executeStep();
			await expectVisible(output().getByText('released'));
			const id = standIn.sandbox.requests.find((r) => r.method === 'POST')!.response.id;
			// Picked from the list, the number is released by its ID: no look-up first.
			expect(standIn.sandbox.requests.slice(before + 1).map((r) => [r.method, r.path])).toEqual([['DELETE', `/api/relay/rest/phone_numbers/${id}`]]);
			expect(standIn.sandbox.snapshot().signalwire.owned.map((n) => n.number)).not.toContain('+14155550100');
		});

		step('Add to Messaging Campaign: the number and the campaign picked From List, execute: assigned after one look', async () => {
			await chooseOption('operation', 'Add to Messaging Campaign');
			const before = standIn.sandbox.requests.length;
			const number = ndv().getByTestId('resource-locator-ownedNumber');
			await expectVisible(number);
			await number.getByTestId('rlc-input').click();
			const entry = page.getByText('+14155550129 (Sandbox main line)', { exact: true }).filter({ visible: true });
			await expectVisible(entry);
			await entry.first().click();
			const campaign = ndv().getByTestId('resource-locator-messagingCampaign');
			await expectVisible(campaign);
			await campaign.getByTestId('rlc-input').click();
			const spring = page.getByText('Order updates (ACCOUNT_NOTIFICATION, active)', { exact: true }).filter({ visible: true });
			await expectVisible(spring);
			await spring.first().click();
			await executeStep();
			await expectVisible(output().getByText('assigned'));
			const since = standIn.sandbox.requests.slice(before).map((r) => [r.method, r.path.replace(/[0-9a-f-]{36}/g, '{id}')]);
			// The lists (the account's numbers; the brands and their campaigns), which the editor may ask for
			// again at any time, and the item's own requests, in order.
			const lists = [['GET', '/api/relay/rest/phone_numbers'], ['GET', '/api/relay/rest/registry/beta/brands'], ['GET', '/api/relay/rest/registry/beta/brands/{id}/campaigns']];
			expect(since).toEqual(expect.arrayContaining(lists));
			expect(since.filter(([method, path]) => !lists.some((list) => list[0] === method && list[1] === path))).toEqual([
				['GET', '/api/relay/rest/phone_numbers/{id}'],
				['GET', '/api/relay/rest/registry/beta/campaigns/{id}/numbers'],
				['POST', '/api/relay/rest/registry/beta/campaigns/{id}/orders'],
				['GET', '/api/relay/rest/registry/beta/orders/{id}'],
				['GET', '/api/relay/rest/registry/beta/campaigns/{id}/numbers'],
			]);
			expect(standIn.sandbox.snapshot().signalwire.assignments).toEqual([expect.objectContaining({ number: '+14155550129', state: 'completed' })]);
		});

		step("the credential's Test succeeds from the editor", async () => {
			await ndv().getByTestId('credential-edit-button').click();
			const modal = page.getByTestId('editCredential-modal');
			await expectVisible(modal);
			const save = modal.getByTestId('credential-save-button');
			if (await save.isVisible()) await save.click();
			await expectVisible(modal.getByText(/Connection tested successfully/i));
			await page.keyboard.press('Escape');
			expect(credentialTests.length).toBeGreaterThan(0);
			expect(credentialTests).toEqual(credentialTests.map(() => ({ status: 200, body: expect.stringMatching(/"status":"OK"/) })));
		});

		step('the Twilio credential: Country and the regulatory Additional Fields; a typed number is bought with one form-encoded POST, and its Test succeeds', async () => {
			// The credential step before may leave the node closed (Escape after its Test).
			await openPhoneNumberNode();
			await chooseCredential(`${LABEL} Twilio`);
			await chooseOption('operation', 'Search Available');
			await expectVisible(parameter('country'));
			await chooseOption('operation', 'Purchase');
			await expectVisible(ndv().getByText('Additional Fields', { exact: true }));
			const before = standIn.sandbox.requests.length;
			await typeInto('phoneNumber', '+1 (415) 555-0102');
			await executeStep();
			await expectVisible(output().getByText('+14155550102').first());
			// The editor's list searches (the account's numbers; the Messaging Services and their
			// campaigns, asked for when the Twilio credential was picked) may still be arriving, and the
			// editor may ask again at any time: they are not the item's requests.
			const listSearch = (r: { method: string; path: string; query?: Record<string, unknown> }) =>
				r.method === 'GET' && (r.path.startsWith('/v1/Services') || (r.path.endsWith('/IncomingPhoneNumbers.json') && r.query?.PageSize !== '1'));
			const sent = standIn.sandbox.requests.slice(before).filter((r) => !listSearch(r));
			expect(sent.map((r) => [r.method, r.path, r.headers['content-type'], r.body, r.status])).toEqual([
				['POST', '/2010-04-01/Accounts/AC00000000000000000000000000000001/IncomingPhoneNumbers.json', 'application/x-www-form-urlencoded', { PhoneNumber: '+14155550102' }, 201],
			]);
			const tested = credentialTests.length;
			await ndv().getByTestId('credential-edit-button').click();
			const modal = page.getByTestId('editCredential-modal');
			await expectVisible(modal);
			const save = modal.getByTestId('credential-save-button');
			if (await save.isVisible()) await save.click();
			await expectVisible(modal.getByText(/Connection tested successfully/i));
			await page.keyboard.press('Escape');
			expect(credentialTests.slice(tested)).toEqual([{ status: 200, body: expect.stringMatching(/"status":"OK"/) }]);
			expect(standIn.sandbox.requests.slice(before).filter((r) => !listSearch(r)).map((r) => [r.method, r.path, r.query])).toEqual([
				['POST', '/2010-04-01/Accounts/AC00000000000000000000000000000001/IncomingPhoneNumbers.json', {}],
				['GET', '/2010-04-01/Accounts/AC00000000000000000000000000000001/IncomingPhoneNumbers.json', { PageSize: '1' }],
			]);
		});

		step('switch to the dark theme: the dark icon loads', async () => {
			await page.keyboard.press('Escape');
			await page.evaluate(() => localStorage.setItem('N8N_THEME', 'dark'));
			await page.reload();
			// n8n names the node after its action: "Add phone number to messaging campaign" by now.
			const node = page.getByTestId('canvas-node').filter({ hasText: /Purchase|Release|phone number/i });
			await expectVisible(node, UI_TIMEOUT * 2);
			const icon = node.first().locator('img');
			await expect(icon.first().getAttribute('src')).resolves.toMatch(/phone-number\.dark\.svg$/);
			await page.waitForFunction((img: any) => img.complete && img.naturalWidth > 0, await icon.first().elementHandle());
			expect(iconRequests.filter((r) => r.url.endsWith('phone-number.dark.svg'))).toEqual([expect.objectContaining({ status: 200 })]);
		});

		step('no console error and no failed request came from our icons, credential test or list searches', async () => {
			expect(iconRequests.filter((r) => r.url.endsWith('phone-number.svg')).length).toBeGreaterThan(0);
			expect(failedRequests).toEqual([]);
			if (consoleErrors.length) process.stderr.write(`[live] console errors (none from our node): ${consoleErrors.join(' | ')}\n`);
			expect(consoleErrors.filter((e) => OURS.test(e))).toEqual([]);
		});
	});
}
