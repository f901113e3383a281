import type { RightsflowConfig } from '@rightsflow/config';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';

/** The payload codec of the configured keys (the current one encrypts, all decrypt). */
export function payloadCodec(config: RightsflowConfig): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(config.secrets.payloadCodecKeys.map(({ id, hex }) => ({ id, key: Buffer.from(hex, 'hex') })));
}

/**
 * The one data converter of every Temporal client and worker: JSON payloads,
 * then AES-256-GCM, so nothing in history is readable without a key. Workflow
 * code never sees it (codecs run outside the sandbox), so bundles are unchanged.
 */
export function temporalDataConverter(config: RightsflowConfig): DataConverter {
  return { payloadCodecs: [payloadCodec(config)] };
}

/** A connected client with the codec; close it with `client.connection.close()`. */
export async function connectTemporalClient(config: RightsflowConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter(config) });
}

/** A client that connects on first use (a service may start before Temporal), with the codec. */
export function lazyTemporalClient(config: RightsflowConfig): Client {
  const connection = Connection.lazy({ address: config.temporal.address });
  return new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter(config) });
}
