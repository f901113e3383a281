import { randomBytes } from 'node:crypto';
import { DataStores } from '../lib/company/data-stores';
import { Inventory } from '../lib/inventory/inventory.types';
import { emptyBatch } from './sample-company.generator';
import { BatchWriter } from './seed';

export interface HeavySubject {
  email: string;
  /** The one browser session that holds every click event. */
  sessionId: string;
  events: number;
}

const EVENTS_PER_INSERT = 10_000;

/**
 * One subject with a single browser session of `events` click events, besides
 * the usual profile, portal account (with never-disclosed password and security
 * answer), job application (with a never-disclosed work permit) and access log.
 * Written into the company's stores where the inventory places each collection
 * (COPY for the PostgreSQL tables), for the large-export tests and the memory
 * benchmark. Each event's `at` is unique, so it identifies the event
 * in a bundle (which carries no database ids).
 */
export async function seedHeavySubject(
  stores: DataStores,
  inventory: Inventory,
  options: { email: string; events: number },
): Promise<HeavySubject> {
  const { email, events } = options;
  const tag = randomBytes(4).toString('hex');
  const userId = `u-heavy-${tag}`;
  const accountId = `acct-heavy-${tag}`;
  const cookieId = `ck-heavy-${tag}`;
  const sessionId = `s-heavy-${tag}`;
  const started = new Date(Date.UTC(2025, 0, 1));
  const writer = await BatchWriter.open(stores, inventory);
  const batch = emptyBatch();
  batch.engagement_profiles.push({
    userId,
    email,
    name: 'Heavy User',
    cookieIds: [cookieId],
    city: 'Paris',
    country: 'FR',
    subscriptions: { email: true, sms: false },
    restricted: false,
    createdAt: started,
  });
  batch.engagement_events.push(
    ...[
      { userId, eventName: 'email_opened', properties: { campaign: 'c-1' }, at: started },
      { userId, eventName: 'page_viewed', properties: { campaign: 'c-2' }, at: new Date(started.getTime() + 1_000) },
    ],
  );
  batch.portal_accounts.push({
    accountId,
    email,
    fullName: 'Heavy User',
    company: 'Acme Corp',
    jobTitle: 'Engineer',
    passwordHash: `$2b$10$${randomBytes(26).toString('hex')}`,
    securityAnswerHash: `sha256:${randomBytes(32).toString('hex')}`,
    createdAt: started,
  });
  batch.portal_job_applications.push({
    email,
    fullName: 'Heavy User',
    position: 'Data Analyst',
    workPermitNumber: `WP-${randomBytes(5).toString('hex').toUpperCase()}`,
    status: 'received',
    appliedAt: started,
  });
  batch.telemetry_sessions.push({
    sessionId,
    cookieId,
    ipMasked: '203.0.113.0',
    city: 'Paris',
    country: 'FR',
    startedAt: started,
  });
  batch.telemetry_access_logs.push({
    cookieId,
    ip: '203.0.113.7',
    method: 'GET',
    path: '/projects',
    status: 200,
    at: started,
  });
  await writer.write(batch);
  for (let done = 0; done < events; done += EVENTS_PER_INSERT) {
    const batch = Array.from({ length: Math.min(EVENTS_PER_INSERT, events - done) }, (_, i) => ({
      sessionId,
      type: 'click',
      ip: '203.0.113.7',
      elementText: `Button ${(done + i) % 50}`,
      url: `https://app.example.com/page/${(done + i) % 200}`,
      at: new Date(started.getTime() + done + i),
    }));
    await writer.write({ ...emptyBatch(), telemetry_events: batch });
  }
  return { email, sessionId, events };
}
