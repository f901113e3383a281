import { Prng } from './prng';

/**
 * The sample company's records, generated deterministically per subject.
 * Shapes follow the seeds: WalkMe-like telemetry (sessions keyed by cookie id,
 * click-stream events, masked IPs, city/country, access logs), a Planisware-like
 * customer portal, and a WebEngage-like engagement platform.
 */

export const SEED = 20250101;
const EPOCH = Date.UTC(2025, 0, 1);

export type Batch = Record<SampleCollection, Record<string, unknown>[]>;

export const SAMPLE_COLLECTIONS = [
  'engagement_profiles',
  'engagement_events',
  'telemetry_sessions',
  'telemetry_events',
  'telemetry_access_logs',
  'portal_accounts',
  'portal_support_tickets',
  'portal_invoices',
  'portal_forum_posts',
  'portal_academy_enrolments',
  'portal_event_registrations',
  'portal_marketing_contacts',
  'portal_chat_transcripts',
  'portal_job_applications',
] as const;
export type SampleCollection = (typeof SAMPLE_COLLECTIONS)[number];

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Ken',
  'Margaret',
  'Linus',
  'Radia',
  'Donald',
  'Frances',
  'Tim',
  'Hedy',
  'John',
  'Katherine',
  'Dennis',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Torvalds',
  'Perlman',
  'Knuth',
  'Allen',
  'Berners-Lee',
  'Lamarr',
  'Backus',
  'Johnson',
  'Ritchie',
];
const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Labs',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Vandelay Industries',
];
const TITLES = ['Project Manager', 'PMO Director', 'Portfolio Analyst', 'Engineer', 'CFO', 'Resource Manager'];
const CITIES = [
  ['Paris', 'FR'],
  ['Berlin', 'DE'],
  ['San Francisco', 'US'],
  ['New York', 'US'],
  ['London', 'GB'],
  ['Madrid', 'ES'],
  ['Toronto', 'CA'],
] as const;
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0',
  'Mozilla/5.0 (Macintosh) Safari/17.4',
  'Mozilla/5.0 (X11; Linux) Firefox/128.0',
  'Mozilla/5.0 (iPhone) Mobile Safari/17.4',
];
const ELEMENTS = ['Save', 'Next', 'Open project', 'Export report', 'Add task', 'Settings', 'Help', 'Close'];
const PAGES = ['/projects', '/portfolio', '/timesheets', '/reports', '/resources', '/settings'];
const COURSES = ['Planning fundamentals', 'Portfolio analytics', 'Resource management', 'Admin certification'];
const EVENTS = ['User Days Paris', 'Webinar: roadmaps', 'Workshop: scheduling', 'Summit New York'];
const INTERESTS = ['scheduling', 'portfolio', 'ai', 'reporting', 'finance', 'resources'];
const ENGAGE_EVENTS = [
  'email_opened',
  'email_clicked',
  'page_viewed',
  'push_received',
  'in_app_shown',
  'webinar_joined',
];
const TICKETS = ['Cannot export a report', 'Licence renewal', 'Timesheet not saving', 'SSO set-up', 'Invoice copy'];
const STREETS = ['1 Market Street', '10 Rue de Rivoli', '5 Unter den Linden', '200 Park Avenue', '12 Baker Street'];
const POSITIONS = ['Software Engineer', 'Consultant', 'Customer Success Manager', 'Data Analyst'];

export function pad(index: number): string {
  return String(index).padStart(6, '0');
}

export function subjectEmail(index: number): string {
  return `subject-${pad(index)}@example.com`;
}

export function emptyBatch(): Batch {
  return Object.fromEntries(SAMPLE_COLLECTIONS.map((name) => [name, []])) as unknown as Batch;
}

export function batchSize(batch: Batch): number {
  return SAMPLE_COLLECTIONS.reduce((sum, name) => sum + batch[name].length, 0);
}

const at = (rng: Prng, maxDays = 80) => new Date(EPOCH - rng.int(0, maxDays * 24) * 3_600_000);

/** Appends every record of subject `index` to `batch`. */
export function generateSubject(index: number, batch: Batch, seed = SEED): void {
  const rng = Prng.forSubject(seed, index);
  const id = pad(index);
  const email = subjectEmail(index);
  const fullName = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
  const phone = `+1-555-${id.slice(0, 3)}-${id.slice(3)}`;
  const company = rng.pick(COMPANIES);
  const jobTitle = rng.pick(TITLES);
  const [city, country] = rng.pick(CITIES);
  const userId = `u-${id}`;
  const accountId = `acct-${id}`;
  const cookieIds = Array.from({ length: rng.int(1, 3) }, (_, k) => `ck-${id}-${k}-${rng.hex(6)}`);
  const subnet = `${rng.int(11, 200)}.${rng.int(0, 255)}.${rng.int(0, 255)}`;

  batch.engagement_profiles.push({
    userId,
    email,
    name: fullName,
    phone,
    cookieIds,
    city,
    country,
    interests: [rng.pick(INTERESTS), rng.pick(INTERESTS)],
    subscriptions: {
      email: rng.chance(0.8),
      sms: rng.chance(0.3),
      push: rng.chance(0.5),
      in_app: true,
      web_push: rng.chance(0.4),
    },
    restricted: false,
    createdAt: at(rng, 700),
  });
  for (let e = rng.int(2, 6); e > 0; e--) {
    batch.engagement_events.push({
      userId,
      eventName: rng.pick(ENGAGE_EVENTS),
      properties: { campaign: `c-${rng.int(1, 40)}` },
      at: at(rng),
    });
  }

  for (const cookieId of cookieIds) {
    for (let s = rng.int(1, 2); s > 0; s--) {
      const sessionId = `s-${id}-${rng.hex(10)}`;
      const startedAt = at(rng);
      const lastOctet = rng.int(1, 254);
      batch.telemetry_sessions.push({
        sessionId,
        cookieId,
        ipMasked: `${subnet}.0`,
        city,
        country,
        userAgent: rng.pick(AGENTS),
        startedAt,
        durationSeconds: rng.int(20, 3600),
      });
      for (let c = rng.int(2, 5); c > 0; c--) {
        batch.telemetry_events.push({
          sessionId,
          type: 'click',
          ip: `${subnet}.${lastOctet}`,
          elementText: rng.pick(ELEMENTS),
          url: `https://app.example.com${rng.pick(PAGES)}`,
          at: new Date(startedAt.getTime() + rng.int(1, 600) * 1000),
        });
      }
    }
    for (let l = rng.int(1, 3); l > 0; l--) {
      batch.telemetry_access_logs.push({
        cookieId,
        ip: `${subnet}.${rng.int(1, 254)}`,
        userAgent: rng.pick(AGENTS),
        method: 'GET',
        path: rng.pick(PAGES),
        status: rng.pick([200, 200, 200, 302, 403]),
        at: at(rng, 700),
      });
    }
  }

  const hasAccount = rng.chance(0.85);
  if (hasAccount) {
    batch.portal_accounts.push({
      accountId,
      email,
      fullName,
      phone,
      company,
      jobTitle,
      // Never disclosed (R14): what a real portal stores for log-in.
      passwordHash: `$2b$10$${rng.hex(53)}`,
      securityAnswerHash: `sha256:${rng.hex(64)}`,
      createdAt: at(rng, 900),
      lastLoginAt: at(rng),
    });
    for (let p = rng.int(0, 2); p > 0; p--) {
      batch.portal_forum_posts.push({
        accountId,
        authorName: fullName,
        title: `Question about ${rng.pick(COURSES).toLowerCase()}`,
        body: `Hello, ${rng.pick(ELEMENTS)} does not do what I expect on ${rng.pick(PAGES)}.`,
        postedAt: at(rng, 300),
      });
    }
    for (let a = rng.int(0, 2); a > 0; a--) {
      const score = rng.int(40, 100);
      batch.portal_academy_enrolments.push({
        accountId,
        course: rng.pick(COURSES),
        examScore: score,
        certified: score >= 70,
        enrolledAt: at(rng, 400),
      });
    }
  }
  for (let r = rng.int(0, 2); r > 0; r--) {
    const paid = rng.chance(0.5);
    batch.portal_event_registrations.push({
      email,
      fullName,
      company,
      jobTitle,
      event: rng.pick(EVENTS),
      amountPaid: paid ? rng.pick([99, 199, 490]) : 0,
      invoiceNumber: paid ? `INV-${id}-${rng.hex(4)}` : null,
      registeredAt: at(rng, 400),
    });
  }
  if (rng.chance(0.7)) {
    const subscribed = rng.chance(0.8);
    batch.portal_marketing_contacts.push({
      email,
      fullName,
      company,
      source: rng.pick(['whitepaper download', 'badge scan', 'newsletter form']),
      activityScore: rng.int(0, 100),
      status: subscribed ? 'subscribed' : 'unsubscribed',
      unsubscribedAt: subscribed ? null : at(rng, 200),
      lastEmailActionAt: at(rng, 300),
    });
  }
  if (rng.chance(0.3)) {
    batch.portal_chat_transcripts.push({
      email,
      visitorName: fullName.split(' ')[0],
      messages: [
        { from: 'visitor', text: 'Hi, how do I export a report?' },
        { from: 'agent', text: 'Use Export report on the Reports page.' },
      ],
      startedAt: at(rng, 80),
    });
  }
  if (rng.chance(0.1)) {
    batch.portal_job_applications.push({
      email,
      fullName,
      phone,
      position: rng.pick(POSITIONS),
      resumeText: `${fullName}, ${jobTitle} at ${company}.`,
      workPermitNumber: `WP-${rng.hex(9).toUpperCase()}`,
      status: rng.pick(['received', 'interview', 'declined']),
      appliedAt: at(rng, 500),
    });
  }
  // Drawn last, so the records above stay those of earlier versions of the sample company.
  if (hasAccount) {
    for (let t = rng.int(0, 2); t > 0; t--) {
      batch.portal_support_tickets.push({
        accountId,
        subject: rng.pick(TICKETS),
        body: `${fullName} writes: ${rng.pick(ELEMENTS)} on ${rng.pick(PAGES)} does not work.`,
        status: rng.pick(['open', 'solved', 'solved']),
        openedAt: at(rng, 300),
      });
    }
    for (let v = rng.int(0, 2); v > 0; v--) {
      batch.portal_invoices.push({
        accountId,
        billingName: fullName,
        billingAddress: `${company}, ${rng.pick(STREETS)}, ${city}, ${country}`,
        invoiceNumber: `PINV-${id}-${rng.hex(6)}`,
        amount: rng.pick([1200, 4800, 9600]),
        currency: 'USD',
        issuedAt: at(rng, 700),
      });
    }
  }
}

/** Visitors who never gave us an email: their sessions link to nobody, and discovery must leave them alone. */
export function generateAnonymousVisitor(index: number, batch: Batch, seed = SEED): void {
  const rng = Prng.forSubject(seed ^ 0x5bd1e995, index);
  const cookieId = `ck-anon-${pad(index)}-${rng.hex(6)}`;
  const sessionId = `s-anon-${pad(index)}-${rng.hex(10)}`;
  const [city, country] = rng.pick(CITIES);
  batch.telemetry_sessions.push({
    sessionId,
    cookieId,
    ipMasked: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.0`,
    city,
    country,
    userAgent: rng.pick(AGENTS),
    startedAt: at(rng),
    durationSeconds: 30,
  });
  batch.telemetry_events.push({
    sessionId,
    type: 'click',
    ip: '10.0.0.1',
    elementText: rng.pick(ELEMENTS),
    url: 'https://app.example.com/',
    at: at(rng),
  });
  batch.telemetry_access_logs.push({
    cookieId,
    ip: '10.0.0.1',
    userAgent: rng.pick(AGENTS),
    method: 'GET',
    path: '/',
    status: 200,
    at: at(rng),
  });
}
