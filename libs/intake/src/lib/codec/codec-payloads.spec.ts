import { payloadsOf, toJsonPayload } from './codec-payloads';

describe('codec protocol payloads', () => {
  it('reads protobuf-JSON payloads and writes them back the same', () => {
    const body = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"a":1}').toString('base64') }] };
    const parsed = payloadsOf(body);
    if ('errors' in parsed) throw new Error(JSON.stringify(parsed.errors));
    expect(Buffer.from(parsed.payloads[0]?.data as Uint8Array).toString()).toBe('{"a":1}');
    expect(parsed.payloads.map(toJsonPayload)).toEqual(body.payloads);
  });

  it('names the field at fault', () => {
    expect(payloadsOf({})).toEqual({ errors: [{ field: 'payloads', message: 'must be an array of payloads' }] });
    expect(payloadsOf({ payloads: [{ data: '***' }, { metadata: { encoding: 7 } }, { metadata: [] }] })).toEqual({
      errors: [
        { field: 'payloads.0.data', message: 'must be base64' },
        { field: 'payloads.1.metadata.encoding', message: 'must be base64' },
        { field: 'payloads.2.metadata', message: 'must be an object of base64 strings' },
      ],
    });
    expect(payloadsOf({ payloads: new Array(1001).fill({}) })).toEqual({ errors: [{ field: 'payloads', message: 'must hold at most 1000 payloads' }] });
  });
});
