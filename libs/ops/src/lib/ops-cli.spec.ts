import { DENIAL_BASES } from '@rightsflow/contracts';
import { denyInput } from './ops-cli';

describe('ops deny flags (R07, R22)', () => {
  it('R07 a denial needs a reason', () => {
    expect(() => denyInput({}, 'ann')).toThrow('--reason is required');
  });

  it('R22 takes a basis the metrics count by, and names the flag for any other', () => {
    for (const basis of DENIAL_BASES)
      expect(denyInput({ reason: 'why', basis }, 'ann')).toEqual({ operator: 'ann', reason: 'why', basis });
    expect(() => denyInput({ reason: 'why', basis: 'because' }, 'ann')).toThrow(
      `--basis must be one of ${DENIAL_BASES.join(', ')}`,
    );
    expect(denyInput({ reason: 'why' }, 'ann')).toEqual({ operator: 'ann', reason: 'why' });
  });
});
