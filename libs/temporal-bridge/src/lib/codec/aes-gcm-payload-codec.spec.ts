import { defaultPayloadConverter, METADATA_ENCODING_KEY, Payload } from '@temporalio/common';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID } from './aes-gcm-payload-codec';

const oldKey = { id: 'k-2025', key: randomBytes(32) };
const newKey = { id: 'k-2026', key: randomBytes(32) };
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec([newKey, oldKey]);
  const payload = defaultPayloadConverter.toPayload({ reason: 'Records in archived systems', downloadUrl: 'https://x/download/tok' });

  it('turns a payload into ciphertext that names its key and no plain byte of the value', async () => {
    const [encoded] = (await codec.encode([payload])) as [Payload];
    expect(text(encoded.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded.metadata?.[METADATA_KEY_ID])).toBe('k-2026');
    expect(Object.keys(encoded.metadata ?? {}).sort()).toEqual([METADATA_ENCODING_KEY, METADATA_KEY_ID].sort());
    expect(text(encoded.data)).not.toContain('archived');
    expect(text(encoded.data)).not.toContain('download');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual({ reason: 'Records in archived systems', downloadUrl: 'https://x/download/tok' });
  });

  it('uses a fresh IV for every payload: the same value never encrypts the same way twice', async () => {
    const [a, b] = (await codec.encode([payload, payload])) as [Payload, Payload];
    expect(Buffer.from(a.data as Uint8Array).equals(Buffer.from(b.data as Uint8Array))).toBe(false);
    expect(Buffer.from(a.data as Uint8Array).subarray(0, 12).equals(Buffer.from(b.data as Uint8Array).subarray(0, 12))).toBe(false);
  });

  it('rotates: what the old key encrypted still decodes once a new key is current', async () => {
    const before = new AesGcmPayloadCodec([oldKey]);
    const [sealedBefore] = (await before.encode([payload])) as [Payload];
    expect(text(sealedBefore.metadata?.[METADATA_KEY_ID])).toBe('k-2025');
    const [opened] = await codec.decode([sealedBefore]);
    expect(defaultPayloadConverter.fromPayload(opened as Payload)).toEqual(defaultPayloadConverter.fromPayload(payload));
  });

  it('refuses a payload of an unknown key, and one whose ciphertext or key id was altered', async () => {
    const [sealed] = (await codec.encode([payload])) as [Payload];
    await expect(new AesGcmPayloadCodec([oldKey]).decode([sealed])).rejects.toThrow(/unknown key id "k-2026"/);
    const flipped = Buffer.from(sealed.data as Uint8Array);
    flipped[20] = (flipped[20] as number) ^ 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow();
    // The key id is authenticated: relabelling a payload with another configured key fails too.
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [METADATA_KEY_ID]: Buffer.from('k-2025') } };
    await expect(codec.decode([relabelled])).rejects.toThrow();
  });

  it('passes through payloads written before the codec', async () => {
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it('refuses keys that are not 32 bytes, and an empty key list', () => {
    expect(() => new AesGcmPayloadCodec([{ id: 'short', key: randomBytes(16) }])).toThrow(/short must be 32 bytes/);
    expect(() => new AesGcmPayloadCodec([])).toThrow(/at least one key/);
  });

  it('round-trips any JSON value (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const plain = defaultPayloadConverter.toPayload(value);
        const [back] = await codec.decode(await codec.encode([plain]));
        expect(defaultPayloadConverter.fromPayload(back as Payload)).toEqual(defaultPayloadConverter.fromPayload(plain));
      }),
      { numRuns: 200 },
    );
  });
});
