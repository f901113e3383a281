import { RightsflowConfig } from '@rightsflow/config';
import { Client, Connection } from '@temporalio/client';

/** A Temporal client on the test stack; close it with `client.connection.close()`. */
export async function temporalClient(config: RightsflowConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** Polls until `check` returns a value (not undefined), e.g. a visibility query catching up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
