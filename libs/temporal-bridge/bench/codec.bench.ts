// The payload codec's cost: every payload to and from Temporal is encrypted and decrypted once
// more than before. Prints payloads per second through JSON conversion alone and through JSON
// plus the codec (encode + decode), for a small activity input and a request's `state` with a
// long timeline. Needs no stack. BENCH_CODEC_ROUNDS (default 20000).
import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec } from '../src/lib/codec/aes-gcm-payload-codec';

const rounds = Number(process.env['BENCH_CODEC_ROUNDS'] ?? 20_000);
const codec = new AesGcmPayloadCodec([{ id: 'bench', key: randomBytes(32) }]);

const small = { requestId: 'req_aaaaaaaaaaaaaaaa', from: 'verified', to: 'eligibility_checked', actor: 'system', at: new Date().toISOString() };
const state = {
  requestId: 'req_aaaaaaaaaaaaaaaa',
  status: 'in_fulfilment',
  timeline: Array.from({ length: 40 }, (_, i) => ({ at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), status: 'in_fulfilment', actor: 'operator:ann', note: `step ${i} of the request, with a note of some length` })),
};

async function perSecond(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(2000, rounds); i++) await work(); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) await work();
  return rounds / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  for (const [name, value] of [['activity input', small], ['state query', state]] as const) {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    const plain = await perSecond(async () => defaultPayloadConverter.fromPayload(defaultPayloadConverter.toPayload(value)));
    const sealed = await perSecond(async () => defaultPayloadConverter.fromPayload((await codec.decode(await codec.encode([defaultPayloadConverter.toPayload(value)])))[0] as never));
    console.log(`${name} (${bytes} B JSON): ${Math.round(plain).toLocaleString('en')}/s JSON only, ${Math.round(sealed).toLocaleString('en')}/s JSON + codec (ratio ${(sealed / plain).toFixed(2)}), ${(1e6 / sealed - 1e6 / plain).toFixed(1)} µs added per payload round trip`);
  }
}

void main();
