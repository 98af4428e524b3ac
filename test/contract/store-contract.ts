import { afterEach, beforeEach, describe } from "vitest";
import type { Store } from "../../core/ports/store.ts";
import { accountCases } from "./store/account-cases.ts";
import { actorRevisionCases } from "./store/actor-revision-cases.ts";
import { apiKeyUsageCases } from "./store/api-key-usage-cases.ts";
import { claimCases } from "./store/claim-cases.ts";
import { collectionCases } from "./store/collection-cases.ts";
import { creditCases } from "./store/credit-cases.ts";
import type { StoreFactory } from "./store/fixtures.ts";
import { imageCases } from "./store/image-cases.ts";
import { inputImageCases } from "./store/input-image-cases.ts";
import { lifecycleCases } from "./store/lifecycle-cases.ts";
import { linkCases } from "./store/link-cases.ts";
import { oneOffChargeCases } from "./store/one-off-charge-cases.ts";
import { outboxCases } from "./store/outbox-cases.ts";
import { propertyCase } from "./store/property-case.ts";
import { queueDepthCases } from "./store/queue-depth-cases.ts";
import { rulesCases } from "./store/rules-cases.ts";
import { submitCases } from "./store/submit-cases.ts";
import { workspaceCases } from "./store/workspace-cases.ts";

/**
 * The Store port's contract: every adapter runs it and must pass unchanged. Written against
 * core/ports/store.ts only; each case gets a fresh store from `makeStore`.
 */
export function storeContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let current: { store: Store; cleanup: () => Promise<void> } | null = null;
    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = null;
    });
    const ref = {
      get(): Store {
        if (!current) throw new Error("the store exists only inside a test");
        return current.store;
      },
    };

    workspaceCases(ref);
    actorRevisionCases(ref);
    creditCases(ref);
    oneOffChargeCases(ref);
    submitCases(ref);
    claimCases(ref);
    lifecycleCases(ref);
    queueDepthCases(ref);
    imageCases(ref);
    collectionCases(ref);
    accountCases(ref);
    apiKeyUsageCases(ref);
    rulesCases(ref);
    outboxCases(ref);
    linkCases(ref);
    inputImageCases(ref);
    propertyCase(makeStore);
  });
}
