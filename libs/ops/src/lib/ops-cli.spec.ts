import { DENIAL_BASES } from '@rightsflow/contracts';
import { denyInput, runOpsCommand } from './ops-cli';
import { RequestConsole } from './request-console';

describe('ops deny flags (R07, R22)', () => {
  it('R07 a denial needs a reason', () => {
    expect(() => denyInput({})).toThrow('--reason is required');
  });

  it('R22 takes a basis the metrics count by, and names the flag for any other', () => {
    for (const basis of DENIAL_BASES) expect(denyInput({ reason: 'why', basis })).toEqual({ reason: 'why', basis });
    expect(() => denyInput({ reason: 'why', basis: 'because' })).toThrow(`--basis must be one of ${DENIAL_BASES.join(', ')}`);
    expect(denyInput({ reason: 'why' })).toEqual({ reason: 'why' });
  });
});

describe('ops operator identity', () => {
  // Refused before any call is made, so no Temporal client or API is needed.
  const deps = { console: undefined as unknown as RequestConsole };

  it('refuses --operator: the operator is the token’s, never a typed name', async () => {
    await expect(runOpsCommand(deps, ['approve', 'req_x', '--operator', 'ann'], () => undefined)).rejects.toThrow(/--operator is gone/);
  });

  it('needs the operator’s token for an action', async () => {
    await expect(runOpsCommand(deps, ['approve', 'req_x'], () => undefined)).rejects.toThrow(/RIGHTSFLOW_OPERATOR_TOKEN is required/);
  });
});
