/**
 * Every end-to-end case, in run order. To add one: put the workflow in examples/ (if users should
 * see it) or test/e2e/workflows/ (test-only), write an E2eCase next to this file, and list it here.
 */
import type { E2eCase } from '../harness';
import { plivoPurchase } from './plivo-purchase';
import { plivoPurchasePending } from './plivo-purchase-pending';
import { plivoPurchaseError, signalWireAlreadyOwnedError, signalWirePurchaseError } from './provider-errors';
import { purchaseBatch } from './purchase-batch';
import { plivoLifecycle, signalWireLifecycle } from './lifecycle';
import { pickedFromList } from './picked-from-list';
import { signalWirePurchase } from './signalwire-purchase';
import { plivoRegulatedConfigureRefused, signalWireConfigureRefused, signupPurchaseConfigure } from './then-configure';

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
	signupPurchaseConfigure,
	signalWireConfigureRefused,
	plivoRegulatedConfigureRefused,
	pickedFromList,
];
