import { classifySmtpFailure, redactAddresses, TransientSmtpError } from './smtp-outcome';

// Error shapes as nodemailer produces them (see smtp-connection _formatError); the
// integration tests drive the refused-connection and 550 paths against real servers.
const transient = (error: object) => {
  try {
    classifySmtpFailure(error);
  } catch (thrown) {
    if (thrown instanceof TransientSmtpError) return thrown;
  }
  throw new Error('expected a TransientSmtpError');
};

describe('classifying SMTP failures', () => {
  it('returns a 5xx refusal of the recipient or the message as permanent, with the address redacted', () => {
    expect(
      classifySmtpFailure({
        message: "Can't send mail - all recipients were rejected: 550 5.1.1 <ann@example.com>: no such user",
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode: 550,
      }),
    ).toEqual({
      accepted: false,
      reason: "Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: no such user",
    });
    expect(
      classifySmtpFailure({
        message: 'Message failed: 554 5.7.1 rejected as spam',
        code: 'EMESSAGE',
        command: 'DATA',
        responseCode: 554,
      }),
    ).toMatchObject({
      accepted: false,
    });
  });

  it('retries a 4xx, and a 5xx about our own setup (authentication, sender), as certainly not sent', () => {
    expect(transient({ message: '421 try later', command: 'RCPT TO', responseCode: 421 }).uncertain).toBe(false);
    expect(
      transient({
        message: 'Invalid login: 535 bad credentials',
        code: 'EAUTH',
        command: 'AUTH PLAIN',
        responseCode: 535,
      }).uncertain,
    ).toBe(false);
    expect(
      transient({ message: '553 sender not allowed', code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553 })
        .uncertain,
    ).toBe(false);
  });

  it('retries a refused connection as certainly not sent, and a connection lost mid-transaction as uncertain', () => {
    expect(
      transient({ message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ESOCKET', command: 'CONN', syscall: 'connect' })
        .uncertain,
    ).toBe(false);
    expect(transient({ message: 'Greeting never received', code: 'ETIMEDOUT', command: 'CONN' }).uncertain).toBe(false);
    expect(transient({ message: 'Timeout', code: 'ETIMEDOUT', command: 'CONN' }).uncertain).toBe(true);
    expect(
      transient({ message: 'Connection closed unexpectedly', code: 'ECONNECTION', command: 'CONN' }).uncertain,
    ).toBe(true);
  });

  it('never lets an address through', () => {
    expect(redactAddresses('550 <ann.lee+x@mail.example.co.uk>: unknown; cc bob@example.com')).toBe(
      '550 <[address]>: unknown; cc [address]',
    );
  });
});
