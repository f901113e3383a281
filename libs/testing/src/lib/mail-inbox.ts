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
 * would find in their inbox. The one mail reader of the tests.
 *
 * Reads ask maildev for one address's mail (`GET /email?to.address=…`, filtered
 * on its side), not the whole run's inbox: every suite of a run shares the
 * catcher, and reading thousands of messages every 200 ms was where waiting on
 * mail spent its time. (maildev announces new mail over socket.io, but no
 * socket.io client is installed; a filtered read is small enough to poll.)
 */
export class MailInbox {
  constructor(private readonly apiUrl = requireStackEnv('MAIL_API_URL')) {}

  async all(): Promise<CaughtMail[]> {
    return this.read('');
  }

  /** Mail to `address` (case-insensitive), oldest first. */
  async to(address: string): Promise<CaughtMail[]> {
    const wanted = address.toLowerCase();
    // maildev matches exactly: ask for the address as written and as lower case (mail is sent to either).
    const spellings = [...new Set([address, wanted])];
    const lists = await Promise.all(
      spellings.map((spelling) => this.read(`?${new URLSearchParams({ 'to.address': spelling })}`)),
    );
    const seen = new Set<string>();
    return lists.flat().filter((mail) => !seen.has(mail.id) && seen.add(mail.id));
  }

  /** Mail to `address` whose text names `requestId` (every message about a request does). */
  async about(address: string, requestId: string): Promise<CaughtMail[]> {
    return (await this.to(address)).filter((mail) => mail.text.includes(requestId));
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

  /** Waits for a message to `address` about `requestId` for which `predicate` holds. */
  waitForRequest(
    address: string,
    requestId: string,
    predicate: (mail: CaughtMail) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<CaughtMail> {
    return this.waitFor(address, (mail) => mail.text.includes(requestId) && predicate(mail), timeoutMs);
  }

  private async read(query: string): Promise<CaughtMail[]> {
    const response = await fetch(`${this.apiUrl}/email${query}`);
    if (!response.ok) throw new Error(`mail API answered ${response.status}`);
    return (await response.json()) as CaughtMail[];
  }
}
