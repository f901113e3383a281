import { defaultPolicy, InvalidPolicyError, makePolicy, needsApproval, validatePolicy } from './policy';

describe('policy', () => {
  it('has the product defaults', () => {
    expect(defaultPolicy).toEqual({
      timeZone: 'UTC',
      holidays: [],
      defaultResponseDays: 30,
      verification: { codeDigits: 6, codeTtlMinutes: 15, maxAttempts: 5, maxResends: 3, unverifiedCloseDays: 14 },
      ccpaAccessLimit: 2,
      downloadLinkDays: 7,
      requestLogRetentionMonths: 24,
      reminderDaysBeforeDue: [7, 2],
      approvalRequiredFor: [],
      otherPolicy: { legalDays: null, extensionDays: null, accessLimit: null },
    });
    expect(validatePolicy(defaultPolicy)).toEqual([]);
    expect(Object.isFrozen(defaultPolicy.verification)).toBe(true);
  });

  it('merges overrides one level deep', () => {
    const p = makePolicy({
      timeZone: 'Europe/Berlin',
      verification: { unverifiedCloseDays: 10 },
      approvalRequiredFor: ['deletion'],
    });
    expect(p.timeZone).toBe('Europe/Berlin');
    expect(p.verification).toEqual({ ...defaultPolicy.verification, unverifiedCloseDays: 10 });
    expect(needsApproval('deletion', p)).toBe(true);
    expect(needsApproval('access', p)).toBe(false);
    expect(needsApproval('deletion', defaultPolicy)).toBe(false);
  });

  it('does not freeze the caller’s arrays', () => {
    const holidays = ['2025-12-25'];
    makePolicy({ holidays });
    expect(Object.isFrozen(holidays)).toBe(false);
  });

  it('R21 R05 refuses settings below the law and names every problem at once', () => {
    let error: unknown;
    try {
      makePolicy({
        timeZone: 'Nowhere/Town',
        holidays: ['2025-02-30'],
        requestLogRetentionMonths: 12,
        ccpaAccessLimit: 1,
        approvalRequiredFor: ['erase' as never],
        otherPolicy: { legalDays: 0 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPolicyError);
    const problems = (error as InvalidPolicyError).problems.join('\n');
    expect(problems).toMatch(/timeZone/);
    expect(problems).toMatch(/holidays/);
    expect(problems).toMatch(/R21/);
    expect(problems).toMatch(/R05/);
    expect(problems).toMatch(/approvalRequiredFor/);
    expect(problems).toMatch(/otherPolicy.legalDays/);
  });
});
