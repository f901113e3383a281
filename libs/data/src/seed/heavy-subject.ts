import { randomBytes } from 'node:crypto';
import { DataStores } from '../lib/company/data-stores';

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
 * Written straight into the company database, for the large-export tests and
 * the memory benchmark. Each event's `at` is unique, so it identifies the event
 * in a bundle (which carries no database ids).
 */
export async function seedHeavySubject(
  stores: DataStores,
  options: { email: string; events: number },
): Promise<HeavySubject> {
  const { email, events } = options;
  const tag = randomBytes(4).toString('hex');
  const userId = `u-heavy-${tag}`;
  const accountId = `acct-heavy-${tag}`;
  const cookieId = `ck-heavy-${tag}`;
  const sessionId = `s-heavy-${tag}`;
  const started = new Date(Date.UTC(2025, 0, 1));
  const company = stores.company;
  await company.collection('engagement_profiles').insertOne({
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
  await company.collection('engagement_events').insertMany([
    { userId, eventName: 'email_opened', properties: { campaign: 'c-1' }, at: started },
    { userId, eventName: 'page_viewed', properties: { campaign: 'c-2' }, at: new Date(started.getTime() + 1_000) },
  ]);
  await company.collection('portal_accounts').insertOne({
    accountId,
    email,
    fullName: 'Heavy User',
    company: 'Acme Corp',
    jobTitle: 'Engineer',
    passwordHash: `$2b$10$${randomBytes(26).toString('hex')}`,
    securityAnswerHash: `sha256:${randomBytes(32).toString('hex')}`,
    createdAt: started,
  });
  await company.collection('portal_job_applications').insertOne({
    email,
    fullName: 'Heavy User',
    position: 'Data Analyst',
    workPermitNumber: `WP-${randomBytes(5).toString('hex').toUpperCase()}`,
    status: 'received',
    appliedAt: started,
  });
  await company.collection('telemetry_sessions').insertOne({
    sessionId,
    cookieId,
    ipMasked: '203.0.113.0',
    city: 'Paris',
    country: 'FR',
    startedAt: started,
  });
  await company.collection('telemetry_access_logs').insertOne({
    cookieId,
    ip: '203.0.113.7',
    method: 'GET',
    path: '/projects',
    status: 200,
    at: started,
  });
  for (let done = 0; done < events; done += EVENTS_PER_INSERT) {
    const batch = Array.from({ length: Math.min(EVENTS_PER_INSERT, events - done) }, (_, i) => ({
      sessionId,
      type: 'click',
      ip: '203.0.113.7',
      elementText: `Button ${(done + i) % 50}`,
      url: `https://app.example.com/page/${(done + i) % 200}`,
      at: new Date(started.getTime() + done + i),
    }));
    await company.collection('telemetry_events').insertMany(batch, { ordered: false });
  }
  return { email, sessionId, events };
}
