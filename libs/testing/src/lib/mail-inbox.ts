import { requireStackEnv } from './test-config';

/** A message as the SMTP catcher's HTTP API returns it. */
export interface CaughtMail {
  id: string;
  subject: string;
  to: { address: string; name?: string }[];
  from: { address: string; name?: string }[];
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * Reads mail from the real SMTP server's HTTP API (maildev): what a subject
 * would find in their inbox.
 */
export class MailInbox {
  constructor(private readonly apiUrl = requireStackEnv('MAIL_API_URL')) {}

  async all(): Promise<CaughtMail[]> {
    const response = await fetch(`${this.apiUrl}/email`);
    if (!response.ok) throw new Error(`mail API answered ${response.status}`);
    return (await response.json()) as CaughtMail[];
  }

  async to(address: string): Promise<CaughtMail[]> {
    const wanted = address.toLowerCase();
    return (await this.all()).filter((mail) => mail.to.some((to) => to.address.toLowerCase() === wanted));
  }

  /** Waits until `predicate` holds for some message to `address`; returns it. */
  async waitFor(
    address: string,
    predicate: (mail: CaughtMail) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.to(address)).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching email to ${address} within ${timeoutMs}ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
