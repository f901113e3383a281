import { RightsflowConfig, serviceDatabaseName } from '@rightsflow/config';
import { mongo } from 'mongoose';
import { CaughtMail } from './mail-inbox';

/** Extra copies of one message found in an inbox, and whether the outbox owns up to them. */
export interface ExtraCopies {
  /** Extra copies the outbox recorded as resends after an uncertain attempt (same Message-ID). */
  recordedResends: number;
  /** Groups of copies nothing explains: a real duplicate. */
  unexplained: { kind: string; messageIds: string[] }[];
}

/**
 * Sorts the extra copies of each kind of message into recorded resends and real
 * duplicates. SMTP leaves one window open (libs/notifications/src/lib/outbox/outbox.ts):
 * a process killed after the server's 250 and before the outbox wrote it down.
 * The resend then carries the same Message-ID and the outbox entry counts the
 * attempt in `uncertainAttempts`. Copies pass as resends only if they are exactly
 * that: all one Message-ID, and that entry counting at least as many uncertain
 * attempts as there are extra copies. Used by the suites that SIGKILL the
 * notifications service mid-send.
 */
export async function sortExtraCopies(
  config: RightsflowConfig,
  mails: CaughtMail[],
  kindOf: (mail: CaughtMail) => string,
): Promise<ExtraCopies> {
  const byKind = new Map<string, CaughtMail[]>();
  for (const mail of mails) {
    const kind = kindOf(mail);
    byKind.set(kind, [...(byKind.get(kind) ?? []), mail]);
  }
  const result: ExtraCopies = { recordedResends: 0, unexplained: [] };
  const copied = [...byKind].filter(([, copies]) => copies.length > 1);
  if (copied.length === 0) return result;

  const client = new mongo.MongoClient(config.mongo.url, { serverSelectionTimeoutMS: 10_000 });
  try {
    const outbox = client.db(serviceDatabaseName(config, 'notifications')).collection('outbox');
    for (const [kind, copies] of copied) {
      const messageIds = copies.map((mail) => mail.headers['message-id'] ?? '');
      const extra = copies.length - 1;
      const oneMessage = messageIds.every((id) => id !== '' && id === messageIds[0]);
      // A test-only read by a non-_id field: the outbox holds a few hundred entries here.
      const entry = oneMessage ? await outbox.findOne({ messageId: messageIds[0] }) : null;
      const uncertain = typeof entry?.['uncertainAttempts'] === 'number' ? entry['uncertainAttempts'] : 0;
      if (oneMessage && uncertain >= extra) result.recordedResends += extra;
      else result.unexplained.push({ kind, messageIds });
    }
  } finally {
    await client.close();
  }
  return result;
}
