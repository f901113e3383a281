import {
  acknowledgementRequired,
  clockFor,
  countsTowardAccessQuota,
  downgradeTarget,
  isChannel,
  isJurisdiction,
  isOfferedIn,
  isRequestType,
  isVerificationLevel,
  notifiesRecipients,
  JURISDICTIONS,
  REQUEST_TYPES,
  requiresVerification,
  ruleFor,
  validateObjectionChannels,
  verificationLevel,
} from './request-types';

describe('request types', () => {
  it('R09 CCPA access to specific pieces (and portability) needs reasonably high assurance; categories reasonable', () => {
    expect(verificationLevel('access', 'CCPA')).toBe('reasonably_high');
    expect(verificationLevel('portability', 'CCPA')).toBe('reasonably_high');
    expect(verificationLevel('access_categories', 'CCPA')).toBe('reasonable');
    expect(verificationLevel('deletion', 'CCPA')).toBe('reasonable');
    expect(verificationLevel('correction', 'CCPA')).toBe('reasonable');
  });

  it('R09 GDPR asks for a reasonable level for every type (more only with reasonable doubt)', () => {
    for (const type of REQUEST_TYPES.filter((t) => isOfferedIn(t, 'GDPR'))) {
      expect(verificationLevel(type, 'GDPR')).toBe('reasonable');
    }
  });

  it('R04 opt-out of sale and limit-sensitive never require verification', () => {
    for (const j of ['GDPR', 'CCPA', 'OTHER'] as const) {
      expect(requiresVerification('opt_out_sale', j)).toBe(false);
      expect(requiresVerification('limit_sensitive', j)).toBe(false);
    }
    expect(requiresVerification('objection', 'GDPR')).toBe(true);
  });

  it('R09 a failed high-assurance access request is answered as a categories request', () => {
    expect(downgradeTarget('access', 'CCPA')).toBe('access_categories');
    expect(downgradeTarget('portability', 'CCPA')).toBe('access_categories');
    expect(downgradeTarget('access', 'GDPR')).toBeNull();
    expect(downgradeTarget('deletion', 'CCPA')).toBeNull();
  });

  it('R05 CCPA know requests count toward the quota, including categories and portability', () => {
    expect(REQUEST_TYPES.filter((t) => countsTowardAccessQuota(t, 'CCPA'))).toEqual([
      'access',
      'access_categories',
      'portability',
    ]);
    expect(REQUEST_TYPES.filter((t) => countsTowardAccessQuota(t, 'GDPR'))).toEqual([]);
  });

  it('R01/R04 opt-outs run on the 15-business-day clock, the rest on the response clock', () => {
    expect(REQUEST_TYPES.filter((t) => clockFor(t) === 'opt_out')).toEqual(['opt_out_sale', 'limit_sensitive']);
  });

  it('R03 know, delete and correct requests need an acknowledgement (and R26 appeals get one)', () => {
    expect(REQUEST_TYPES.filter(acknowledgementRequired)).toEqual([
      'access',
      'access_categories',
      'portability',
      'deletion',
      'correction',
      'appeal',
    ]);
  });

  it('R18 deletion, correction and restriction are passed on to recipients', () => {
    expect(notifiesRecipients('deletion')).toBe(true);
    expect(notifiesRecipients('correction')).toBe(true);
    expect(notifiesRecipients('restriction')).toBe(true);
    expect(notifiesRecipients('access')).toBe(false);
  });

  it('offers each right where the law has it', () => {
    expect(isOfferedIn('restriction', 'CCPA')).toBe(false);
    expect(isOfferedIn('opt_out_sale', 'GDPR')).toBe(false);
    expect(isOfferedIn('access_categories', 'GDPR')).toBe(false);
    for (const t of REQUEST_TYPES) expect(isOfferedIn(t, 'OTHER')).toBe(t !== 'appeal');
    // R26: an appeal exists under the five US state laws only; R24: the UK offers the GDPR's rights.
    expect(JURISDICTIONS.filter((j) => isOfferedIn('appeal', j))).toEqual(['VCDPA', 'CPA', 'CTDPA', 'TDPSA', 'OCPA']);
    expect(isOfferedIn('restriction', 'UK_GDPR')).toBe(true);
    expect(isOfferedIn('opt_out_sale', 'TDPSA')).toBe(true);
    expect(isOfferedIn('limit_sensitive', 'VCDPA')).toBe(false);
  });

  it('guards and validators reject unknown values', () => {
    expect(isRequestType('deletion')).toBe(true);
    expect(isRequestType('erase')).toBe(false);
    expect(isRequestType(undefined)).toBe(false);
    expect(isJurisdiction('CCPA')).toBe(true);
    expect(isJurisdiction('ccpa')).toBe(false);
    expect(isChannel('web_push')).toBe(true);
    expect(isChannel('fax')).toBe(false);
    expect(isVerificationLevel('reasonably_high')).toBe(true);
    expect(() => ruleFor('erase' as never)).toThrow(RangeError);
  });

  it('R20 an objection names known channels, each once', () => {
    expect(validateObjectionChannels(['email', 'sms'])).toBeNull();
    expect(validateObjectionChannels([])).toMatch(/at least one/);
    expect(validateObjectionChannels(['email', 'fax'])).toMatch(/fax/);
    expect(validateObjectionChannels(['email', 'email'])).toMatch(/once/);
    expect(validateObjectionChannels('email')).toMatch(/at least one/);
  });
});
