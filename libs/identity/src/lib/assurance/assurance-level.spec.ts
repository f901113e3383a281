import fc from 'fast-check';
import { VERIFICATION_LEVELS } from '@rightsflow/domain';
import { AssuranceEvidence, decideAssurance } from './assurance-level';

const evidence = (overrides: Partial<AssuranceEvidence>): AssuranceEvidence => ({
  required: 'reasonable',
  emailProven: true,
  matchedPoints: 0,
  declarationSigned: false,
  emailAloneSuffices: false,
  ...overrides,
});

const rank = { none: 0, reasonable: 1, reasonably_high: 2 } as const;

describe('assurance levels (R09)', () => {
  it('R09 reasonable: email proven plus one matching detail', () => {
    expect(decideAssurance(evidence({ matchedPoints: 1 }))).toEqual({ reached: 'reasonable' });
    expect(decideAssurance(evidence({ matchedPoints: 0 }))).toEqual({
      reached: 'none',
      shortfall: expect.stringContaining('R09 reasonable degree not reached'),
    });
  });

  it('R09 under GDPR the email alone suffices when there is no reasonable doubt', () => {
    expect(decideAssurance(evidence({ emailAloneSuffices: true }))).toEqual({ reached: 'reasonable' });
  });

  it('R09 nothing is reached without control of the email', () => {
    expect(decideAssurance(evidence({ emailProven: false, matchedPoints: 3, emailAloneSuffices: true }))).toEqual({
      reached: 'none',
      shortfall: 'R09: control of the email address was not proven',
    });
    expect(
      decideAssurance(
        evidence({ required: 'reasonably_high', emailProven: false, matchedPoints: 3, declarationSigned: true }),
      ).reached,
    ).toBe('none');
  });

  it('R09 reasonably high: email + 3 matching details + a signed declaration', () => {
    expect(
      decideAssurance(evidence({ required: 'reasonably_high', matchedPoints: 3, declarationSigned: true })),
    ).toEqual({ reached: 'reasonably_high' });
  });

  it('R09 reasonably high falls back to reasonable with the reason when details or the declaration are missing', () => {
    const twoMatches = decideAssurance(
      evidence({ required: 'reasonably_high', matchedPoints: 2, declarationSigned: true }),
    );
    expect(twoMatches).toEqual({
      reached: 'reasonable',
      shortfall:
        'R09 reasonably high degree not reached: the details given could not be matched closely enough to our records',
    });
    const unsigned = decideAssurance(
      evidence({ required: 'reasonably_high', matchedPoints: 3, declarationSigned: false }),
    );
    expect(unsigned).toEqual({
      reached: 'reasonable',
      shortfall: 'R09 reasonably high degree not reached: no signed declaration under penalty of perjury',
    });
    expect(
      decideAssurance(evidence({ required: 'reasonably_high', matchedPoints: 0, declarationSigned: true })).reached,
    ).toBe('none');
  });

  it('R09 a shortfall never tells how many details matched', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.boolean(), (matchedPoints, declarationSigned) => {
        const { shortfall } = decideAssurance(
          evidence({ required: 'reasonably_high', matchedPoints, declarationSigned }),
        );
        expect(shortfall).toBeDefined();
        expect(shortfall).not.toMatch(/[0-9]\s*(of|detail|match|point)/i);
      }),
    );
  });

  it('R09 never reaches more than required, and a shortfall comes exactly with a lower level', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VERIFICATION_LEVELS),
        fc.boolean(),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        (required, emailProven, matchedPoints, declarationSigned, emailAloneSuffices) => {
          const result = decideAssurance({
            required,
            emailProven,
            matchedPoints,
            declarationSigned,
            emailAloneSuffices,
          });
          expect(rank[result.reached]).toBeLessThanOrEqual(rank[required]);
          expect(result.shortfall !== undefined).toBe(rank[result.reached] < rank[required]);
        },
      ),
    );
  });
});
