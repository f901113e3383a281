// docs/temporal-ui-codec-state.png: the Temporal UI showing a request's `state` query decoded
// through intake's codec endpoint. Run against `npm start` (which starts the UI with
// --ui-codec-endpoint), with a viewer's token and Debian's chromium (CHROMIUM_PATH or PATH):
//
//   RIGHTSFLOW_OPERATOR_TOKEN=rfo_… node tools/scripts/run-ts.mjs libs/testing/scripts/temporal-ui-codec-screenshot.ts [requestId]
//
// Without a request id it takes the newest dsar workflow.
import { loadConfig } from '@rightsflow/config';
import { DSAR_WORKFLOW } from '@rightsflow/contracts';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';
import path from 'node:path';
import { launchBrowser } from '../src/lib/browser';
import { workspaceRoot } from '../src/lib/services';

async function newestRequestId(): Promise<string> {
  const client = await connectTemporalClient(loadConfig());
  try {
    let newest: { id: string; at: number } | undefined;
    for await (const execution of client.workflow.list({ query: `WorkflowType = "${DSAR_WORKFLOW}"` })) {
      const at = execution.startTime.getTime();
      if (!newest || at > newest.at) newest = { id: execution.workflowId.replace(/^dsar-/, ''), at };
    }
    if (!newest) throw new Error('no request yet: submit one at the web form first');
    return newest.id;
  } finally {
    await client.connection.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const token = process.env['RIGHTSFLOW_OPERATOR_TOKEN'];
  if (!token) throw new Error('RIGHTSFLOW_OPERATOR_TOKEN (a viewer’s token) is required');
  const requestId = process.argv[2] ?? (await newestRequestId());
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // The operator signs in to the codec endpoint (an HttpOnly cookie for /codec) ...
    const page = await context.newPage();
    await page.goto(`${config.http.publicBaseUrl}/codec/login`);
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Signed in as/ }).waitFor();
    // ... and the dev server's UI sends codec calls without credentials unless its codec settings say
    // so: add the operator's bearer token to them here, as the UI's "pass access token" would.
    await context.route(`${config.http.publicBaseUrl}/codec/**`, (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
    );
    const decoded = page.waitForResponse((response) => response.url().includes('/codec/decode') && response.status() === 200);
    await page.goto(`${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/dsar-${requestId}`);
    await decoded;
    // Queries: `state` is the first (and preselected) query type; run it and wait for its decoded answer.
    await page.getByText('Queries', { exact: true }).first().click();
    const answered = page.waitForResponse((response) => response.url().includes('/query/state'));
    await page.getByRole('button', { name: 'Run Query' }).click();
    await answered;
    await page.getByText(`"requestId": "${requestId}"`).waitFor({ timeout: 30_000 });
    const file = path.join(workspaceRoot, 'docs', 'temporal-ui-codec-state.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`saved ${file}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: Error) => {
  console.error(`screenshot: ${error.message}`);
  process.exit(1);
});
