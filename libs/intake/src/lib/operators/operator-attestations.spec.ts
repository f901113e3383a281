import { loadConfig } from '@rightsflow/config';
import { OperatorAttestations, VIA_OPERATOR_API, VIA_TEMPORAL_UI } from './operator-attestations';

describe('operator attestations (R21: the log says how an operator’s name came)', () => {
  const attestations = new OperatorAttestations(loadConfig({}));
  const signed = attestations.sign('req_aaaaaaaaaaaaaaaa', 'ann');

  it('R21 vouches for the name the operator API signed, for that request only', () => {
    expect(attestations.viaOf('req_aaaaaaaaaaaaaaaa', 'operator:ann', signed)).toBe(VIA_OPERATOR_API);
    expect(attestations.viaOf('req_bbbbbbbbbbbbbbbb', 'operator:ann', signed)).toBe(VIA_TEMPORAL_UI);
    expect(attestations.viaOf('req_aaaaaaaaaaaaaaaa', 'operator:boss', signed)).toBe(VIA_TEMPORAL_UI);
  });

  it('R21 marks a typed name, or one with a made-up attestation, as unauthenticated', () => {
    expect(attestations.viaOf('req_aaaaaaaaaaaaaaaa', 'operator:ann', undefined)).toBe(VIA_TEMPORAL_UI);
    expect(attestations.viaOf('req_aaaaaaaaaaaaaaaa', 'operator:ann', 'forged')).toBe(VIA_TEMPORAL_UI);
  });

  it('gives no via to entries whose actor is not an operator', () => {
    for (const actor of ['subject', 'agent', 'system']) expect(attestations.viaOf('req_aaaaaaaaaaaaaaaa', actor, signed)).toBeUndefined();
  });

  it('depends on the key: another deployment’s attestation does not check', () => {
    const other = new OperatorAttestations(loadConfig({ SECRET_HMAC_KEY: 'another-hmac-key-0123456789abcdef0123456789' }));
    expect(other.viaOf('req_aaaaaaaaaaaaaaaa', 'operator:ann', signed)).toBe(VIA_TEMPORAL_UI);
  });
});
