import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { randomUUID } from 'node:crypto';

export const OUTBOX_HOLDER = 'OutboxHolder';

/** A running notifications process that may hold outbox claims, alive while it keeps `aliveUntil` ahead. */
export interface OutboxHolderRecord {
  _id: string;
  aliveUntil: Date;
}

// Read and written by _id only.
export const OutboxHolderSchema = new Schema<OutboxHolderRecord>(
  {
    _id: { type: String, required: true },
    aliveUntil: { type: Date, required: true },
  },
  { collection: 'outbox_holders', versionKey: false },
);

/** A holder that has not written for this long is gone (killed, or cut off from the database). */
export const HOLDER_TTL_MS = 20_000;
/** How often a live holder writes: four writes per TTL, so a slow moment does not look like death. */
const REFRESH_EVERY_MS = HOLDER_TTL_MS / 4;

/**
 * This process's identity on its outbox claims, and its proof of life. The
 * lease of a claim (5 minutes) must outlast any attempt that is still talking
 * to SMTP; waiting all of it out after a process was killed held every email
 * that process had in flight for 5 minutes (a verification code among them).
 * A claim therefore names its holder, and a claim whose holder stopped writing
 * `aliveUntil` is taken over at once, with the same uncertainty accounting as
 * an expired lease. A live holder's claim still holds for its whole lease.
 */
@Injectable()
export class OutboxHolder implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxHolder.name);
  readonly id = randomUUID();
  private lastWrite = 0;
  private timer?: NodeJS.Timeout;

  constructor(@InjectModel(OUTBOX_HOLDER) private readonly holders: Model<OutboxHolderRecord>) {}

  /**
   * This holder's id, once its record is fresh: a claim is only taken under a
   * record another attempt can see alive. Throws when the database cannot be
   * written, so the claim fails (and Temporal retries) instead of being taken
   * under a holder that looks dead.
   */
  async current(): Promise<string> {
    if (Date.now() - this.lastWrite > REFRESH_EVERY_MS) await this.write();
    this.timer ??= setInterval(() => void this.write().catch((error) => this.missed(error)), REFRESH_EVERY_MS).unref();
    return this.id;
  }

  /** Whether the holder of a claim is still running at `now` (a holder with no record is gone). */
  async isAlive(holderId: string, now: Date): Promise<boolean> {
    if (holderId === this.id) return true;
    const record = await this.holders.findById(holderId).lean<OutboxHolderRecord>();
    return record !== null && record.aliveUntil > now;
  }

  /**
   * After the activity worker has drained (Nest calls this last), so the record
   * stays fresh while the last sends finish; it then goes stale on its own.
   */
  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async write(): Promise<void> {
    const now = Date.now();
    await this.holders.updateOne(
      { _id: this.id },
      { $set: { aliveUntil: new Date(now + HOLDER_TTL_MS) } },
      { upsert: true },
    );
    this.lastWrite = now;
  }

  private missed(error: unknown): void {
    this.logger.warn(`outbox holder ${this.id} could not write its proof of life: ${(error as Error).message}`);
  }
}
