import type { Locale } from '@rightsflow/contracts';
import { isJurisdiction, requiresVerification, isRequestType } from '@rightsflow/domain';
import type { FieldError } from '../submission/intake-errors';
import type { FormErrors, FormValues } from './form-page';
import type { PageKey, PageText } from './i18n/page-text';

/** The web form's flat fields ⇄ the API's submission shape, and submission errors → form field ids. */

function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

const filled = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined);

export function formValues(body: Record<string, unknown>, fallbackJurisdiction: string): FormValues {
  return {
    type: text(body['type']),
    jurisdiction: text(body['jurisdiction']) ?? fallbackJurisdiction,
    email: text(body['email']),
    name: text(body['name']),
    accountId: text(body['accountId']),
    phone: text(body['phone']),
    correctionField: text(body['correctionField']),
    correctionValue: text(body['correctionValue']),
    correctionWhatIsWrong: text(body['correctionWhatIsWrong']),
    channels: list(body['channels']),
    isAgent: text(body['isAgent']) === 'yes',
    agentName: text(body['agentName']),
    agentEmail: text(body['agentEmail']),
    powerOfAttorney: text(body['powerOfAttorney']) === 'yes',
    declarationSignedName: text(body['declarationSignedName']),
    declarationAccepted: text(body['declarationAccepted']) === 'yes',
  };
}

/**
 * The submission the form describes. Only the parts that apply to the chosen
 * type are taken (a hidden part of the form may still hold text), and an
 * opt-out takes nothing but the email (R04).
 */
export function submissionFromForm(values: FormValues, locale: Locale): Record<string, unknown> {
  // The request is made in the page's language: its emails follow it.
  const raw: Record<string, unknown> = { type: values.type ?? '', jurisdiction: values.jurisdiction, email: values.email ?? '', locale };
  const known = isRequestType(values.type) && isJurisdiction(values.jurisdiction);
  const verified = !known || requiresVerification(values.type as never, values.jurisdiction as never);
  if (verified) {
    if (filled(values.name)) raw['name'] = values.name;
    const dataPoints = { ...(filled(values.accountId) ? { accountId: values.accountId } : {}), ...(filled(values.phone) ? { phone: values.phone } : {}) };
    if (Object.keys(dataPoints).length > 0) raw['dataPoints'] = dataPoints;
  }
  if (values.type === 'correction' && (filled(values.correctionValue) || filled(values.correctionWhatIsWrong))) {
    raw['corrections'] = [
      {
        field: values.correctionField ?? 'other',
        value: values.correctionValue ?? '',
        ...(filled(values.correctionWhatIsWrong) ? { whatIsWrong: values.correctionWhatIsWrong } : {}),
      },
    ];
  }
  if (values.type === 'objection') raw['channels'] = values.channels;
  const declarationApplies = values.jurisdiction === 'CCPA' && (values.type === 'access' || values.type === 'portability');
  if (declarationApplies && (values.declarationAccepted || filled(values.declarationSignedName))) {
    raw['declaration'] = { signedName: values.declarationSignedName ?? '', acceptPenaltyOfPerjury: values.declarationAccepted };
  }
  if (values.isAgent) {
    raw['agent'] = { name: values.agentName ?? '', email: values.agentEmail ?? '', powerOfAttorney: values.powerOfAttorney };
  }
  return raw;
}

const FIELD_IDS: [RegExp, string][] = [
  [/^dataPoints\.accountId$/, 'accountId'],
  [/^dataPoints\.phone$/, 'phone'],
  [/^corrections\.\d+\.field$/, 'correctionField'],
  [/^corrections\.\d+\.whatIsWrong$/, 'correctionWhatIsWrong'],
  [/^corrections(\.\d+(\.value)?)?$/, 'correctionValue'],
  [/^channels(\.\d+)?$/, 'channels'],
  [/^agent\.name$/, 'agentName'],
  [/^agent\.email$/, 'agentEmail'],
  [/^agent(\.powerOfAttorney)?$/, 'agentName'],
  [/^declaration\.signedName$/, 'declarationSignedName'],
  [/^declaration(\.acceptPenaltyOfPerjury)?$/, 'declarationAccepted'],
];

/** Fields whose every format error has one plain message in the catalogue (errors.*). */
const PLAIN_MESSAGES: Partial<Record<string, PageKey>> = {
  email: 'errors.email',
  name: 'errors.name',
  type: 'errors.type',
  correctionValue: 'errors.correctionValue',
  channels: 'errors.channels',
  declarationAccepted: 'errors.declarationAccepted',
};

/**
 * Submission errors, each on the form field it is about, in the page's words.
 * The validator's own messages are English (the API's); a field without a
 * plain message of its own shows it as the detail of "Check this answer".
 */
export function formErrors(errors: FieldError[], text: PageText, chosenType?: string): FormErrors {
  const out: FormErrors = {};
  for (const error of errors) {
    const id = FIELD_IDS.find(([pattern]) => pattern.test(error.field))?.[1] ?? (error.field === 'Idempotency-Key' ? 'form' : error.field);
    if (out[id]) continue;
    if (id === 'type' && /not offered/.test(error.message) && isRequestType(chosenType)) {
      out[id] = text.t('errors.notOffered', { type: requestTypeLabelIn(text, chosenType) });
      continue;
    }
    const plain = PLAIN_MESSAGES[id];
    out[id] = plain && !/opt-out/.test(error.message) ? text.t(plain) : text.t('errors.other', { detail: error.message });
  }
  return out;
}

const requestTypeLabelIn = (text: PageText, type: string) => text.t(`types.${type}.label` as PageKey);
