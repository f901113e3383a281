/**
 * Every setting Rightsflow reads from the environment, in one table.
 * The README's configuration table is checked against this list by a test,
 * so adding a setting here without documenting it fails CI.
 */
export type SettingKind = 'string' | 'int' | 'bool' | 'url' | 'list' | 'secret';

export interface SettingDefinition {
  env: string;
  kind: SettingKind;
  /** Default as the string an operator would type; undefined means required in production. */
  default?: string;
  min?: number;
  max?: number;
  oneOf?: readonly string[];
  description: string;
}

export const settings = [
  {
    env: 'NODE_ENV',
    kind: 'string',
    default: 'development',
    oneOf: ['development', 'test', 'production'],
    description: 'Run mode; production refuses development secrets.',
  },
  { env: 'TEMPORAL_ADDRESS', kind: 'string', default: '127.0.0.1:7233', description: 'Temporal frontend host:port.' },
  {
    env: 'TEMPORAL_NAMESPACE',
    kind: 'string',
    default: 'default',
    description: 'Temporal namespace for all workflows.',
  },
  {
    env: 'TEMPORAL_UI_URL',
    kind: 'url',
    default: 'http://127.0.0.1:8233',
    description: 'Temporal UI, linked from logs and the ops CLI.',
  },
  {
    env: 'TASK_QUEUE_PREFIX',
    kind: 'string',
    default: 'rightsflow',
    description: 'Prefix of every task queue (one per service).',
  },
  {
    env: 'MONGO_URL',
    kind: 'url',
    default: 'mongodb://127.0.0.1:27017',
    description: 'MongoDB (or FerretDB) connection string, without database name.',
  },
  {
    env: 'POSTGRES_URL',
    kind: 'url',
    default: 'postgres://postgres:rightsflow@127.0.0.1:5432/postgres',
    description:
      'PostgreSQL server for SQL stores of the inventory whose own URL variable is unset (not in production): database <MONGO_DB_PREFIX>_<store>, created if missing.',
  },
  {
    env: 'FERRETDB_POSTGRES_URL',
    kind: 'string',
    default: '',
    description:
      "The PostgreSQL database a FerretDB you run keeps its data in (npm start and npm test set it for theirs): each service adds there the GIN index FerretDB's pushed-down equality lookups use, for the fields it looks documents up by (the link fields of the company's MongoDB stores, the leading field of each of our schemas' indexes). Empty: MongoDB (its own indexes serve), or a FerretDB that is not yours.",
  },
  {
    env: 'MONGO_DB_PREFIX',
    kind: 'string',
    default: 'rightsflow',
    description: 'Each service uses its own database named <prefix>_<service>.',
  },
  { env: 'SMTP_HOST', kind: 'string', default: '127.0.0.1', description: 'SMTP server host.' },
  { env: 'SMTP_PORT', kind: 'int', default: '1025', min: 1, max: 65535, description: 'SMTP server port.' },
  { env: 'SMTP_SECURE', kind: 'bool', default: 'false', description: 'Use implicit TLS (port 465 style).' },
  { env: 'SMTP_USER', kind: 'string', default: '', description: 'SMTP user name (empty: no authentication).' },
  { env: 'SMTP_PASSWORD', kind: 'secret', default: '', description: 'SMTP password.' },
  {
    env: 'MAIL_FROM',
    kind: 'string',
    default: 'Rightsflow Privacy <privacy@rightsflow.local>',
    description: 'Sender of every email.',
  },
  { env: 'MAIL_REPLY_TO', kind: 'string', default: '', description: 'Reply-To of subject emails (empty: none).' },
  {
    env: 'OPERATOR_EMAIL',
    kind: 'string',
    default: 'privacy-ops@rightsflow.local',
    description: 'Where operator alerts and reminders go.',
  },
  { env: 'BRAND_NAME', kind: 'string', default: 'Rightsflow', description: 'Company name shown in emails and pages.' },
  { env: 'BRAND_COLOR', kind: 'string', default: '#1f4e79', description: 'Accent colour of emails and pages.' },
  {
    env: 'LOCALE',
    kind: 'string',
    default: 'en',
    oneOf: ['en', 'de', 'fr', 'es'],
    description: "Language of operators' emails, and of pages and emails when the person's browser asks for none we have (`en`, `de`, `fr`, `es`).",
  },
  {
    env: 'PUBLIC_BASE_URL',
    kind: 'url',
    default: 'http://127.0.0.1:3000',
    description: 'Absolute base of links in emails.',
  },
  {
    env: 'HTTP_HOST',
    kind: 'string',
    default: '127.0.0.1',
    description: 'Interface every HTTP server binds to (0.0.0.0 in containers).',
  },
  {
    env: 'INTAKE_PORT',
    kind: 'int',
    default: '3000',
    min: 1,
    max: 65535,
    description: 'HTTP port of the web form and REST API.',
  },
  {
    env: 'IDENTITY_HEALTH_PORT',
    kind: 'int',
    default: '3101',
    min: 1,
    max: 65535,
    description: 'Health endpoint of the identity service.',
  },
  {
    env: 'DATA_HEALTH_PORT',
    kind: 'int',
    default: '3102',
    min: 1,
    max: 65535,
    description: 'Health endpoint of the data service.',
  },
  {
    env: 'DATA_SERVICE_URL',
    kind: 'url',
    default: 'http://127.0.0.1:3102',
    description: 'Where intake forwards /download/* and /processors/callback/* (the data service\'s HTTP port).',
  },
  {
    env: 'NOTIFICATIONS_HEALTH_PORT',
    kind: 'int',
    default: '3103',
    min: 1,
    max: 65535,
    description: 'Health endpoint of the notifications service.',
  },
  {
    env: 'ORCHESTRATOR_HEALTH_PORT',
    kind: 'int',
    default: '3104',
    min: 1,
    max: 65535,
    description: 'Health endpoint of the workflow worker.',
  },
  {
    env: 'SECRET_HMAC_KEY',
    kind: 'secret',
    description: 'Key of the keyed hashes (subject keys, codes, tokens). 32+ chars.',
  },
  {
    env: 'SECRET_ENCRYPTION_KEY',
    kind: 'secret',
    description: 'AES-256-GCM key for subject emails at rest, 64 hex chars.',
  },
  {
    env: 'SECRET_LINK_SIGNING_KEY',
    kind: 'secret',
    description: 'Key that signs download and status links. 32+ chars.',
  },
  {
    env: 'OPERATOR_API_TOKEN',
    kind: 'secret',
    description: 'Bootstrap credential: may only add, list and revoke operators over the API; 24+ chars.',
  },
  {
    env: 'PAYLOAD_CODEC_KEYS',
    kind: 'secret',
    description: 'AES-256-GCM keys of every Temporal payload, `id:64hex,…`; the first encrypts, all decrypt (rotation).',
  },
  {
    env: 'CODEC_CORS_ORIGINS',
    kind: 'list',
    default: 'http://127.0.0.1:8233,http://localhost:8233',
    description: 'Origins (the Temporal UI) allowed to call the codec endpoint /codec/decode and /codec/encode.',
  },
  {
    env: 'GPC_SITE_KEY',
    kind: 'secret',
    description: "Bearer key the company's own web sites send with Global Privacy Control signals (R28).",
  },
  {
    env: 'CONTROLLER_TIME_ZONE',
    kind: 'string',
    default: 'UTC',
    description: 'IANA time zone that deadlines are counted in (R01).',
  },
  {
    env: 'HOLIDAYS',
    kind: 'list',
    default: '',
    description: 'Comma-separated public holidays YYYY-MM-DD that move deadlines (R01).',
  },
  {
    env: 'RESPONSE_DAYS',
    kind: 'int',
    default: '30',
    min: 1,
    max: 45,
    description: 'Our response deadline in calendar days, capped by the law (R01).',
  },
  {
    env: 'VERIFICATION_WINDOW_DAYS',
    kind: 'int',
    default: '14',
    min: 1,
    max: 45,
    description: 'An unverified request closes after this many days (R12).',
  },
  {
    env: 'CHALLENGES_PER_REQUEST_HOUR',
    kind: 'int',
    default: '10',
    min: 1,
    max: 1000,
    description: 'Most verification challenges (codes and resends) issued for one request per hour (abuse limit).',
  },
  {
    env: 'CHALLENGES_PER_SUBJECT_HOUR',
    kind: 'int',
    default: '20',
    min: 1,
    max: 1000,
    description: 'Most verification challenges issued for one subject, across requests, per hour (abuse limit).',
  },
  {
    env: 'APPROVAL_REQUIRED_TYPES',
    kind: 'list',
    default: 'deletion',
    description: 'Request types that wait for operator approval.',
  },
  {
    env: 'TIME_SCALE',
    kind: 'int',
    default: '1',
    min: 1,
    max: 1000000,
    description: 'Divides every workflow clock, for tests and demos (86400: a day in a second); not in production.',
  },
  {
    env: 'INVENTORY_FILE',
    kind: 'string',
    default: 'infra/inventory/sample-company.yaml',
    description: 'Data inventory (YAML) the data service validates at start; relative to the working directory.',
  },
  {
    env: 'BUNDLE_DIR',
    kind: 'string',
    default: '.data/bundles',
    description: 'Directory of export bundles until their download link expires (R16, R23); shared by data replicas.',
  },
  {
    env: 'PROCESSOR_ENDPOINTS',
    kind: 'list',
    default: '',
    description: 'Overrides of recipients\' OpenDSR endpoints, comma-separated id=url (R18).',
  },
  {
    env: 'PROCESSOR_NOTIFY_ATTEMPTS',
    kind: 'int',
    default: '20',
    min: 1,
    max: 100,
    description: 'Activity attempts before an unreachable processor is reported as not told, with the reason (R18).',
  },
  {
    env: 'INTAKE_IP_WRITES_PER_MINUTE',
    kind: 'int',
    default: '30',
    min: 1,
    max: 100000,
    description: 'Form and API posts one client IP may make per minute, per intake replica (429 beyond).',
  },
  {
    env: 'TRUST_PROXY',
    kind: 'string',
    default: 'false',
    description: 'Which proxies may name the client in X-Forwarded-For (Express `trust proxy`); see below the table.',
  },
  {
    env: 'INTAKE_SUBJECT_REQUESTS_PER_HOUR',
    kind: 'int',
    default: '5',
    min: 1,
    max: 100000,
    description: 'New requests for one subject email per hour, per intake replica (429 beyond).',
  },
  {
    env: 'INTAKE_UPLOAD_MAX_KB',
    kind: 'int',
    default: '5120',
    min: 16,
    max: 20480,
    description: "Largest signed permission (PDF, PNG or JPEG) an authorized agent may upload (R11).",
  },
  {
    env: 'INTAKE_WORKFLOW_STARTS_IN_FLIGHT',
    kind: 'int',
    default: '8',
    min: 0,
    max: 256,
    description: 'Workflow starts run at once after a stored submission is answered (0: start before answering).',
  },
  {
    env: 'INTAKE_WORKFLOW_START_GIVE_WAY_MS',
    kind: 'int',
    default: '2000',
    min: 0,
    max: 600000,
    description: 'How long a queued workflow start waits while other submissions are being answered (a burst is answered first).',
  },
] as const satisfies readonly SettingDefinition[];

export type SettingName = (typeof settings)[number]['env'];
