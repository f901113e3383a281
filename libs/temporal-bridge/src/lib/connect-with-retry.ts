import { NativeConnection } from '@temporalio/worker';

interface Log {
  warn(message: string): void;
}

/**
 * A service may start before Temporal does (or while it restarts): keep trying
 * instead of crashing, so start order never matters. Once connected, the SDK's
 * connection reconnects by itself.
 */
export async function connectWithRetry(address: string, log: Log, attempts = 120): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (attempt >= attempts) throw error;
      if (attempt === 1 || attempt % 10 === 0) log.warn(`Temporal at ${address} not reachable yet; retrying`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
