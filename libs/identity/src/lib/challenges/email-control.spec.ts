import { emailControlProven } from './email-control';

describe('proving control of the email (R09, R11)', () => {
  it('R09 without an agent, the subject answering a challenge proves it', () => {
    expect(emailControlProven([{ party: 'subject', verified: true }])).toBe(true);
    expect(emailControlProven([{ party: 'subject', verified: false }])).toBe(false);
    expect(emailControlProven([])).toBe(false);
  });

  it('R11 an agent proves its own email and the subject confirms directly', () => {
    expect(emailControlProven([{ party: 'agent', verified: true }])).toBe(false);
    expect(
      emailControlProven([
        { party: 'agent', verified: true },
        { party: 'subject', verified: true },
      ]),
    ).toBe(true);
    expect(
      emailControlProven([
        { party: 'agent', verified: false },
        { party: 'subject', verified: true },
      ]),
    ).toBe(false);
  });

  it('R11 with a power of attorney the subject need not confirm', () => {
    expect(emailControlProven([{ party: 'agent', verified: true, powerOfAttorney: true }])).toBe(true);
    expect(emailControlProven([{ party: 'agent', verified: false, powerOfAttorney: true }])).toBe(false);
  });
});
