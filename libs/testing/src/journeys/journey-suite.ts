import { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { launchBrowser } from '../lib/browser';
import { startTestProduct, TestProduct } from '../lib/product';
import { SeededPeople } from '../lib/sample-company';
import { testConfig } from '../lib/test-config';

export interface JourneySuite {
  /** The whole product of this file, on the real stack (set once beforeAll has run). */
  readonly product: TestProduct;
  /** This file's own seeded people (testConfig gives each file its own databases). */
  readonly people: SeededPeople;
  /** A Chromium context, closed after the file; Chromium starts on first use, so API-only tests run without it. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * What every whole-product journey file sets up and tears down: the product
 * with `settings` and `subjects` seeded people, and the browser contexts its
 * tests open. Call it at the top of the file's describe.
 */
export function journeySuite(settings: Record<string, string> = {}, { subjects = 12 } = {}): JourneySuite {
  let product: TestProduct | undefined;
  let people: SeededPeople | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    product = await startTestProduct(testConfig(settings), { subjects });
    people = await SeededPeople.of(product.config);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await product?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the journey suite has not started (beforeAll)');
    return value;
  };
  return {
    get product() {
      return started(product);
    },
    get people() {
      return started(people);
    },
    async newContext(options) {
      browser ??= await launchBrowser();
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    },
  };
}
