import { ConfigError } from './config-error';
import { parseSetting, ParsedValue } from './parse';
import { SettingDefinition, settings } from './settings';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

/**
 * Development-only secrets, so that `npm start` works with no setup.
 * Production refuses them: a process started with NODE_ENV=production and a
 * missing secret stops at once with the variable's name.
 */
const developmentSecrets: Record<string, string> = {
  SECRET_HMAC_KEY: 'dev-only-hmac-key-0123456789abcdef0123456789',
  SECRET_ENCRYPTION_KEY: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  SECRET_LINK_SIGNING_KEY: 'dev-only-link-signing-key-0123456789abcdef',
  OPERATOR_API_TOKEN: 'dev-bootstrap-operator-token-0123456789',
  PAYLOAD_CODEC_KEYS: 'dev-1:202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f',
  GPC_SITE_KEY: 'dev-gpc-site-key',
};

export interface PayloadKeySetting {
  id: string;
  hex: string;
}

export type TaskQueueName = 'orchestrator' | 'intake' | 'identity' | 'data' | 'notifications';

export interface RightsflowConfig {
  nodeEnv: 'development' | 'test' | 'production';
  temporal: { address: string; namespace: string; uiUrl: string; taskQueues: Record<TaskQueueName, string> };
  mongo: { url: string; dbPrefix: string; ferretdbPostgresUrl: string };
  /** The server of SQL stores without a URL of their own (development and tests). */
  postgres: { url: string };
  smtp: { host: string; port: number; secure: boolean; user: string; password: string };
  mail: { from: string; replyTo: string; operatorEmail: string; brandName: string; brandColor: string; locale: string };
  http: {
    host: string;
    publicBaseUrl: string;
    intakePort: number;
    /** The data service's HTTP base, which intake proxies download links and processor callbacks to. */
    dataServiceUrl: string;
    /** Express's `trust proxy`: which proxies may name the client (TRUST_PROXY). */
    trustProxy: TrustProxy;
    healthPorts: Record<Exclude<TaskQueueName, 'intake'>, number>;
  };
  secrets: {
    hmacKey: string;
    encryptionKey: string;
    linkSigningKey: string;
    /** Bootstrap credential for managing operators (never for acting on requests). */
    operatorApiToken: string;
    /** Temporal payload keys, the current one first (hex, 32 bytes each). */
    payloadCodecKeys: PayloadKeySetting[];
    /** R28: the key our own web sites relay Global Privacy Control signals with. */
    gpcSiteKey: string;
  };
  /** Origins allowed to call the codec endpoint (the Temporal UI). */
  codec: { corsOrigins: string[] };
  policy: {
    timeZone: string;
    holidays: string[];
    responseDays: number;
    verificationWindowDays: number;
    challengesPerRequestHour: number;
    challengesPerSubjectHour: number;
    approvalRequiredTypes: string[];
    timeScale: number;
  };
  /** The data service: inventory, export bundles, processors (R13–R18, R23). */
  data: { inventoryFile: string; bundleDir: string; processorEndpoints: string[]; processorNotifyAttempts: number };
  /** The intake service's abuse limits (in memory with @nestjs/throttler, per replica), upload size, background workflow starts. */
  intake: {
    ipWritesPerMinute: number;
    subjectRequestsPerHour: number;
    uploadMaxKb: number;
    workflowStartsInFlight: number;
    workflowStartGiveWayMs: number;
  };
}

type Raw = Record<string, ParsedValue>;

/** Reads, validates and types every setting; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RightsflowConfig {
  const problems: string[] = [];
  const raw: Raw = {};
  const nodeEnv = env['NODE_ENV'] ?? 'development';
  for (const def of settings as readonly SettingDefinition[]) {
    const given = env[def.env];
    const fallback = def.default ?? (nodeEnv === 'production' ? undefined : developmentSecrets[def.env]);
    const text = given !== undefined && given !== '' ? given : fallback;
    if (text === undefined) {
      problems.push(`${def.env} is required in production`);
      continue;
    }
    const parsed = parseSetting(def, text);
    if ('error' in parsed) problems.push(parsed.error);
    else raw[def.env] = parsed.value;
  }
  checkSecrets(raw, problems);
  checkTimeZone(raw, problems);
  checkTimeScale(raw, problems);
  const trustProxy = parseTrustProxy(String(raw['TRUST_PROXY'] ?? ''));
  if ('error' in trustProxy) problems.push(trustProxy.error);
  if (problems.length > 0 || 'error' in trustProxy) throw new ConfigError(problems);
  return toConfig(raw, trustProxy.value);
}

/** A scaled clock would make every deadline (R01, R02, R12) wrong: production runs on real time only. */
function checkTimeScale(raw: Raw, problems: string[]): void {
  const scale = raw['TIME_SCALE'];
  if (raw['NODE_ENV'] === 'production' && scale !== undefined && scale !== 1) {
    problems.push(
      `TIME_SCALE=${JSON.stringify(String(scale))} is only for tests and demos; NODE_ENV=production needs 1 (or unset), real time`,
    );
  }
}

function checkSecrets(raw: Raw, problems: string[]): void {
  for (const name of ['SECRET_HMAC_KEY', 'SECRET_LINK_SIGNING_KEY']) {
    const value = raw[name];
    if (typeof value === 'string' && value.length < 32) problems.push(`${name} must be at least 32 characters`);
  }
  const key = raw['SECRET_ENCRYPTION_KEY'];
  if (typeof key === 'string' && !/^[0-9a-fA-F]{64}$/.test(key)) {
    problems.push('SECRET_ENCRYPTION_KEY must be 64 hex characters (32 bytes)');
  }
  const token = raw['OPERATOR_API_TOKEN'];
  if (typeof token === 'string' && token.length < 24) problems.push('OPERATOR_API_TOKEN must be at least 24 characters');
  const payloadKeys = raw['PAYLOAD_CODEC_KEYS'];
  if (typeof payloadKeys === 'string') {
    const parsed = parsePayloadKeys(payloadKeys);
    if ('error' in parsed) problems.push(`PAYLOAD_CODEC_KEYS ${parsed.error}`);
  }
}

/** `id:hex64,id2:hex64`, the first the current key; an error names the entry, never the key. */
export function parsePayloadKeys(text: string): PayloadKeySetting[] | { error: string } {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length === 0) return { error: 'needs at least one <id>:<64 hex characters>' };
  const keys: PayloadKeySetting[] = [];
  for (const [index, entry] of entries.entries()) {
    const match = /^([A-Za-z0-9._-]{1,64}):([0-9a-fA-F]{64})$/.exec(entry);
    if (!match) return { error: `entry ${index + 1} must be <id>:<64 hex characters> (an id of letters, digits, . _ -)` };
    const id = match[1] as string;
    if (keys.some((known) => known.id === id)) return { error: `key id ${id} appears twice` };
    keys.push({ id, hex: (match[2] as string).toLowerCase() });
  }
  return keys;
}

function checkTimeZone(raw: Raw, problems: string[]): void {
  const zone = raw['CONTROLLER_TIME_ZONE'];
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(zone) });
  } catch {
    problems.push(`CONTROLLER_TIME_ZONE=${JSON.stringify(zone)} is not an IANA time zone`);
  }
  const holidays = raw['HOLIDAYS'] as string[] | undefined;
  for (const day of holidays ?? []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) problems.push(`HOLIDAYS entry ${JSON.stringify(day)} must be YYYY-MM-DD`);
  }
}

function toConfig(raw: Raw, trustProxy: TrustProxy): RightsflowConfig {
  const s = (k: string) => raw[k] as string;
  const n = (k: string) => raw[k] as number;
  const prefix = s('TASK_QUEUE_PREFIX');
  const queue = (name: TaskQueueName) => `${prefix}-${name}`;
  return {
    nodeEnv: s('NODE_ENV') as RightsflowConfig['nodeEnv'],
    temporal: {
      address: s('TEMPORAL_ADDRESS'),
      namespace: s('TEMPORAL_NAMESPACE'),
      uiUrl: s('TEMPORAL_UI_URL'),
      taskQueues: {
        orchestrator: queue('orchestrator'),
        intake: queue('intake'),
        identity: queue('identity'),
        data: queue('data'),
        notifications: queue('notifications'),
      },
    },
    mongo: { url: s('MONGO_URL'), dbPrefix: s('MONGO_DB_PREFIX'), ferretdbPostgresUrl: s('FERRETDB_POSTGRES_URL') },
    postgres: { url: s('POSTGRES_URL') },
    smtp: {
      host: s('SMTP_HOST'),
      port: n('SMTP_PORT'),
      secure: raw['SMTP_SECURE'] as boolean,
      user: s('SMTP_USER'),
      password: s('SMTP_PASSWORD'),
    },
    mail: {
      from: s('MAIL_FROM'),
      replyTo: s('MAIL_REPLY_TO'),
      operatorEmail: s('OPERATOR_EMAIL'),
      brandName: s('BRAND_NAME'),
      brandColor: s('BRAND_COLOR'),
      locale: s('LOCALE'),
    },
    http: {
      host: s('HTTP_HOST'),
      publicBaseUrl: s('PUBLIC_BASE_URL'),
      intakePort: n('INTAKE_PORT'),
      dataServiceUrl: s('DATA_SERVICE_URL'),
      trustProxy,
      healthPorts: {
        identity: n('IDENTITY_HEALTH_PORT'),
        data: n('DATA_HEALTH_PORT'),
        notifications: n('NOTIFICATIONS_HEALTH_PORT'),
        orchestrator: n('ORCHESTRATOR_HEALTH_PORT'),
      },
    },
    secrets: {
      hmacKey: s('SECRET_HMAC_KEY'),
      encryptionKey: s('SECRET_ENCRYPTION_KEY'),
      linkSigningKey: s('SECRET_LINK_SIGNING_KEY'),
      operatorApiToken: s('OPERATOR_API_TOKEN'),
      payloadCodecKeys: parsePayloadKeys(s('PAYLOAD_CODEC_KEYS')) as PayloadKeySetting[],
      gpcSiteKey: s('GPC_SITE_KEY'),
    },
    codec: { corsOrigins: raw['CODEC_CORS_ORIGINS'] as string[] },
    policy: {
      timeZone: s('CONTROLLER_TIME_ZONE'),
      holidays: raw['HOLIDAYS'] as string[],
      responseDays: n('RESPONSE_DAYS'),
      verificationWindowDays: n('VERIFICATION_WINDOW_DAYS'),
      challengesPerRequestHour: n('CHALLENGES_PER_REQUEST_HOUR'),
      challengesPerSubjectHour: n('CHALLENGES_PER_SUBJECT_HOUR'),
      approvalRequiredTypes: raw['APPROVAL_REQUIRED_TYPES'] as string[],
      timeScale: n('TIME_SCALE'),
    },
    data: {
      inventoryFile: s('INVENTORY_FILE'),
      bundleDir: s('BUNDLE_DIR'),
      processorEndpoints: raw['PROCESSOR_ENDPOINTS'] as string[],
      processorNotifyAttempts: n('PROCESSOR_NOTIFY_ATTEMPTS'),
    },
    intake: {
      ipWritesPerMinute: n('INTAKE_IP_WRITES_PER_MINUTE'),
      subjectRequestsPerHour: n('INTAKE_SUBJECT_REQUESTS_PER_HOUR'),
      uploadMaxKb: n('INTAKE_UPLOAD_MAX_KB'),
      workflowStartsInFlight: n('INTAKE_WORKFLOW_STARTS_IN_FLIGHT'),
      workflowStartGiveWayMs: n('INTAKE_WORKFLOW_START_GIVE_WAY_MS'),
    },
  };
}

/** The database a service owns: one per service, as in the architecture. */
export function serviceDatabaseName(config: RightsflowConfig, service: TaskQueueName | 'company'): string {
  return `${config.mongo.dbPrefix}_${service}`;
}

/**
 * The URL of one of the company's PostgreSQL stores (the inventory names the
 * store and the variable holding its URL): that variable when set; otherwise,
 * outside production, the database <MONGO_DB_PREFIX>_<store> on POSTGRES_URL's
 * server (`derivedDatabase`, for the caller to create), so tests, seeds and dev
 * stacks get isolated databases. In production the variable is required.
 */
export function companySqlStoreUrl(
  config: RightsflowConfig,
  store: string,
  urlEnv: string,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; derivedDatabase?: string } {
  const own = env[urlEnv]?.trim();
  if (own) return { url: own };
  if (config.nodeEnv === 'production')
    throw new ConfigError([`${urlEnv} is required in production (the URL of the company's store "${store}")`]);
  const database = `${config.mongo.dbPrefix}_${store}`;
  const url = new URL(config.postgres.url);
  url.pathname = `/${database}`;
  return { url: url.toString(), derivedDatabase: database };
}
