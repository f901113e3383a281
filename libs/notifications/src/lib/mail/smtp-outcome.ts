/**
 * What one SMTP attempt tells us, and what we may conclude from it:
 * - accepted: the server said 250 to the message; it is the server's now.
 * - refused for good (5xx for this recipient or this message): retrying cannot help.
 * - anything else throws TransientSmtpError and Temporal retries with backoff;
 *   `uncertain` says the message may have been accepted before the failure
 *   (the connection broke after the data was written), so a retry may duplicate it.
 */
export type SmtpOutcome = { accepted: true; response: string } | { accepted: false; reason: string };

export class TransientSmtpError extends Error {
  override readonly name = 'TransientSmtpError';
  constructor(
    message: string,
    readonly uncertain: boolean,
  ) {
    super(message);
  }
}

interface NodemailerError {
  message?: string;
  code?: string;
  command?: string;
  responseCode?: number;
  syscall?: string;
}

/** Stages where a 5xx is about this recipient or this message, not about our own setup. */
const MESSAGE_STAGES = new Set(['RCPT TO', 'DATA']);

/** Failures that happen before a single byte of the message can have reached the server. */
function failedBeforeSending(error: NodemailerError): boolean {
  return (
    error.syscall === 'connect' ||
    ['EDNS', 'ENOTFOUND', 'EAI_AGAIN', 'EAUTH', 'ETLS', 'EENVELOPE'].includes(error.code ?? '') ||
    /Greeting never received|Connection timeout|ECONNREFUSED/.test(error.message ?? '')
  );
}

/** Decides between "refused for good" (returned) and "try again" (thrown). */
export function classifySmtpFailure(raw: unknown): SmtpOutcome {
  const error = (typeof raw === 'object' && raw !== null ? raw : { message: String(raw) }) as NodemailerError;
  const message = redactAddresses(error.message ?? 'SMTP failure');
  const code = error.responseCode;
  if (code !== undefined && code >= 500 && MESSAGE_STAGES.has(error.command ?? '')) {
    return { accepted: false, reason: message };
  }
  // Nodemailer refusing the address itself (no server involved) is just as final.
  if (code === undefined && error.code === 'EENVELOPE' && error.command === 'API') {
    return { accepted: false, reason: message };
  }
  // 4xx, or 5xx about our own setup (AUTH, MAIL FROM): the server answered, so it did not take the message.
  if (code !== undefined) throw new TransientSmtpError(message, false);
  throw new TransientSmtpError(message, !failedBeforeSending(error));
}

/** SMTP answers often quote the address; nothing we store or log may. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]');
}
