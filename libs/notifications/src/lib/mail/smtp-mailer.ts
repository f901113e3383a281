import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import nodemailer, { Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { classifySmtpFailure, redactAddresses, SmtpOutcome } from './smtp-outcome';

export interface OutgoingMail {
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/**
 * The service's one SMTP connection pool (nodemailer). Bounded timeouts keep an
 * attempt shorter than the outbox lease, so a hung server cannot make two
 * attempts talk to it for the same message at once.
 */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  static readonly TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;

  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {
    const { host, port, secure, user, password } = config.smtp;
    this.transport = nodemailer.createTransport({
      host,
      port,
      secure,
      auth: user ? { user, pass: password } : undefined,
      pool: true,
      maxConnections: 5,
      maxMessages: 500,
      ...SmtpMailer.TIMEOUTS,
    });
  }

  /** Accepted or refused for good; throws TransientSmtpError when a retry may succeed. */
  async deliver(mail: OutgoingMail): Promise<SmtpOutcome> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.mail.from,
        to: mail.to,
        replyTo: mail.replyTo || undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
      return { accepted: true, response: redactAddresses(String(info.response ?? '250')) };
    } catch (error) {
      return classifySmtpFailure(error);
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
