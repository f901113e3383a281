import { MailInbox, testConfig } from '@rightsflow/testing';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';

describe('nodemailer to the real SMTP server', () => {
  it('delivers a message that is read back through the HTTP API', async () => {
    const config = testConfig();
    const transport = nodemailer.createTransport({ host: config.smtp.host, port: config.smtp.port, secure: false });
    const to = `probe-${randomBytes(4).toString('hex')}@example.test`;
    await transport.sendMail({
      from: config.mail.from,
      to,
      subject: 'Probe',
      text: 'plain body',
      html: '<p>html body</p>',
    });
    transport.close();
    const mail = await new MailInbox().waitFor(to);
    expect(mail.subject).toBe('Probe');
    expect(mail.text.trim()).toBe('plain body');
    expect(mail.html).toContain('<p>html body</p>');
  });
});
