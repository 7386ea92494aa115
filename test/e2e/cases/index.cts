/**
 * Every end-to-end case, in run order. To add one: put the workflow in examples/ (if users should
 * see it) or test/e2e/workflows/ (test-only), write an E2eCase next to this file, and list it here.
 */
import type { E2eCase } from '../harness.cts';
import { plivoPurchase } from './plivo-purchase.cts';
import { plivoPurchasePending } from './plivo-purchase-pending.cts';
import { plivoPurchaseError, signalWireAlreadyOwnedError, signalWirePurchaseError } from './provider-errors.cts';
import { purchaseBatch } from './purchase-batch.cts';
import { plivoLifecycle, signalWireLifecycle, twilioLifecycle } from './lifecycle.cts';
import { pickedFromList } from './picked-from-list.cts';
import { signalWirePurchase } from './signalwire-purchase.cts';
import { telnyxPurchase } from './telnyx-purchase.cts';
import { telnyxTextable } from './telnyx-textable.cts';
import { twilioTextable } from './twilio-textable.cts';
import { signupTextable, signupTextableRefused } from './signup-textable.cts';
import { plivoRegulatedConfigureRefused, signalWireConfigureRefused, signupPurchaseConfigure } from './then-configure.cts';

export const cases: E2eCase[] = [
	signalWirePurchase,
	plivoPurchase,
	plivoPurchasePending,
	purchaseBatch,
	signalWirePurchaseError,
	plivoPurchaseError,
	signalWireAlreadyOwnedError,
	signalWireLifecycle,
	plivoLifecycle,
	twilioLifecycle,
	signupPurchaseConfigure,
	signalWireConfigureRefused,
	plivoRegulatedConfigureRefused,
	pickedFromList,
	telnyxPurchase,
	signupTextable,
	signupTextableRefused,
	telnyxTextable,
	twilioTextable,
];
