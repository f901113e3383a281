import { RightsflowConfig } from '@rightsflow/config';
import { dsarWorkflowId, MESSAGE_FACT_RULES, MessageFactName, MessageFacts, MessageKind } from '@rightsflow/contracts';
import { isChannel, isJurisdiction, isRequestType } from '@rightsflow/domain';
import { unseal } from '@rightsflow/platform';
import { LocaleStrings } from './locales';
import { CommonView, FactViews, ViewFor, ViewKey } from './message-view';

/** A kind's required fact is absent: a bug in the caller, never worth a retry. */
export class MissingFactError extends Error {
  override readonly name = 'MissingFactError';
  constructor(
    readonly kind: MessageKind,
    readonly missing: readonly string[],
  ) {
    super(`${kind} needs ${missing.join(', ')}`);
  }
}

/** A fact is there but unusable (bad date, relative link, unknown channel, cannot be unsealed). */
export class InvalidFactError extends Error {
  override readonly name = 'InvalidFactError';
}

export interface OpenFactsContext {
  requestId: string;
  config: RightsflowConfig;
  strings: LocaleStrings;
  now: Date;
}

/**
 * Checks a kind's facts against MESSAGE_FACT_RULES and turns them into what
 * its template reads. Facts the kind does not declare are ignored, so they can
 * never leak into a message that was not written to show them.
 */
export function openFacts<K extends MessageKind>(kind: K, facts: MessageFacts, context: OpenFactsContext): ViewFor<K> {
  const rule: { required: readonly MessageFactName[]; optional: readonly MessageFactName[] } = MESSAGE_FACT_RULES[kind];
  const missing = rule.required.filter((name) => isAbsent(facts[name]));
  if (missing.length > 0) throw new MissingFactError(kind, missing);

  const view: Record<string, unknown> = { ...commonView(context) };
  for (const name of [...rule.required, ...rule.optional]) {
    const value = facts[name];
    if (isAbsent(value)) continue;
    const [key, opened] = openFact(name, value as NonNullable<MessageFacts[typeof name]>, context);
    view[key] = opened;
  }
  return view as ViewFor<K>;
}

export function commonView({ requestId, config }: OpenFactsContext): CommonView {
  const ui = config.temporal.uiUrl.replace(/\/+$/, '');
  return {
    reference: requestId,
    brandName: config.mail.brandName,
    verificationWindowDays: config.policy.verificationWindowDays,
    workflowUrl: `${ui}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(dsarWorkflowId(requestId))}`,
  };
}

function isAbsent(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

type Opened<F extends MessageFactName> = [ViewKey<F>, FactViews[ViewKey<F>]];

function openFact<F extends MessageFactName>(
  name: F,
  value: NonNullable<MessageFacts[F]>,
  context: OpenFactsContext,
): Opened<F> {
  const open = openers[name] as (value: NonNullable<MessageFacts[F]>, context: OpenFactsContext) => Opened<F>;
  return open(value, context);
}

const openers: {
  [F in MessageFactName]: (value: NonNullable<MessageFacts[F]>, context: OpenFactsContext) => Opened<F>;
} = {
  requestType: (value) => {
    if (!isRequestType(value)) throw new InvalidFactError(`requestType "${value}" is not a request type`);
    return ['requestType', value];
  },
  jurisdiction: (value) => {
    if (!isJurisdiction(value)) throw new InvalidFactError(`jurisdiction "${value}" is not a jurisdiction`);
    return ['jurisdiction', value];
  },
  dueAt: (value, context) => ['dueAt', formatDay('dueAt', value, context)],
  newDueAt: (value, context) => ['newDueAt', formatDay('newDueAt', value, context)],
  nextOwedAt: (value, context) => ['nextOwedAt', formatDay('nextOwedAt', value, context)],
  codeExpiresAt: (value, context) => ['codeExpiresAt', formatMoment('codeExpiresAt', value, context)],
  linkExpiresAt: (value, context) => {
    const days = Math.max(
      1,
      Math.round((parseInstant('linkExpiresAt', value).getTime() - context.now.getTime()) / 86_400_000),
    );
    return ['linkExpiresAt', { at: formatMoment('linkExpiresAt', value, context), days }];
  },
  reason: (value) => ['reason', value.trim()],
  activity: (value) => ['activity', value.trim()],
  downloadUrl: (value) => ['downloadUrl', absoluteUrl('downloadUrl', value)],
  statusUrl: (value) => ['statusUrl', absoluteUrl('statusUrl', value)],
  exceptions: (value) => ['exceptions', value.map((item) => item.trim()).filter((item) => item !== '')],
  channels: (value) => {
    const unknown = value.filter((channel) => !isChannel(channel));
    if (unknown.length > 0) throw new InvalidFactError(`unknown channel(s): ${unknown.join(', ')}`);
    return ['channels', value.filter(isChannel)];
  },
  daysLeft: (value) => {
    if (!Number.isInteger(value)) throw new InvalidFactError('daysLeft must be a whole number');
    return ['daysLeft', value];
  },
  sealedCode: (value, context) => ['code', open('sealedCode', value, context)],
  sealedLinkToken: (value, context) => {
    const base = context.config.http.publicBaseUrl.replace(/\/+$/, '');
    const token = open('sealedLinkToken', value, context);
    return [
      'verifyUrl',
      absoluteUrl(
        'verifyUrl',
        `${base}/verify/${encodeURIComponent(context.requestId)}?token=${encodeURIComponent(token)}`,
      ),
    ];
  },
};

function open(name: string, sealed: string, { config }: OpenFactsContext): string {
  try {
    return unseal(config.secrets.encryptionKey, sealed);
  } catch {
    // Never echo the sealed value: it is of no use to a reader and may be long.
    throw new InvalidFactError(`${name} cannot be opened with this service's encryption key`);
  }
}

function parseInstant(name: string, value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidFactError(`${name} "${value}" is not a date`);
  return date;
}

/** A deadline: the day, in the controller's time zone (R01 counts days there). */
function formatDay(name: string, value: string, { config, strings }: OpenFactsContext): string {
  return new Intl.DateTimeFormat(strings.dateLocale, { dateStyle: 'full', timeZone: config.policy.timeZone }).format(
    parseInstant(name, value),
  );
}

/** An expiry: day and time, with the time zone named so nobody has to guess. */
function formatMoment(name: string, value: string, { config, strings }: OpenFactsContext): string {
  return new Intl.DateTimeFormat(strings.dateLocale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: config.policy.timeZone,
    timeZoneName: 'short',
  }).format(parseInstant(name, value));
}

function absoluteUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidFactError(`${name} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidFactError(`${name} must be an http(s) URL`);
  return url.toString();
}
