import {
  CHANNELS,
  Channel,
  countsTowardAccessQuota,
  Jurisdiction,
  isOfferedIn,
  RequestType,
  requiresVerification,
  validateObjectionChannels,
  verificationLevel,
} from '@rightsflow/domain';
import type { Locale } from '@rightsflow/contracts';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { FieldError } from './intake-errors';
import { requestTypeLabel } from './plain-words';
import { CorrectionDto, SubmitRequestDto } from './submission.dto';

/** A submission that passed every rule: what the registry stores and the workflow gets. */
export interface Submission {
  type: RequestType;
  jurisdiction: Jurisdiction;
  email: string;
  /** Absent for opt-outs (R04: nothing beyond the email). */
  name?: string;
  dataPoints?: { accountId?: string; phone?: string };
  corrections?: { field: string; value: string; whatIsWrong?: string }[];
  channels?: Channel[];
  agent?: { name: string; email: string; powerOfAttorney: boolean };
  declaration?: { signedName: string };
  /** The language the person asked in; their emails follow it. */
  locale?: Locale;
}

export type SubmissionCheck = { ok: true; submission: Submission } | { ok: false; errors: FieldError[] };

/** A submission is at most three levels deep (corrections.0.value); far deeper input only costs us stack. */
const MAX_DEPTH = 6;

/**
 * Keys that mean something to MongoDB ($gt, $where, a.b) never reach the registry, whatever field holds them;
 * nor do the names of Object.prototype's members (__proto__, constructor, toString…), which class-transformer
 * would silently drop instead of refusing as unknown fields.
 */
function operatorKeys(value: unknown, path: string, found: FieldError[], depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    found.push({ field: path, message: 'is nested too deeply' });
    return;
  }
  for (const [key, member] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || key.includes('.') || key === '__proto__' || Object.prototype.hasOwnProperty.call(Object.prototype, key)) {
      found.push({ field: path || key, message: `must not contain the key "${key}"` });
    } else {
      operatorKeys(member, at, found, depth + 1);
    }
  }
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator starts messages with the property name; the field path says it better.
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Every rule of a submission, each failure naming its field: shapes and
 * formats (the DTO), then what each request type needs. Shared by the API and
 * the web form, so both accept and refuse exactly the same requests.
 */
export async function validateSubmission(raw: unknown): Promise<SubmissionCheck> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  const injected: FieldError[] = [];
  operatorKeys(raw, '', injected);
  if (injected.length > 0) return { ok: false, errors: injected };

  const dto = plainToInstance(SubmitRequestDto, raw);
  const shapeErrors = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
  if (shapeErrors.length > 0) return { ok: false, errors: shapeErrors };

  const errors: FieldError[] = [];
  const { type, jurisdiction } = dto;
  const need = (ok: boolean, field: string, message: string) => {
    if (!ok) errors.push({ field, message });
  };
  if (type === 'appeal') {
    // R26: an appeal belongs to a refused request; it is made from that request's status page.
    need(false, 'type', 'an appeal is made from the status page of the refused request (POST /requests/{id}/appeal)');
    return { ok: false, errors };
  }
  // The label is looked up in the translations only when the message is needed.
  if (!isOfferedIn(type, jurisdiction)) need(false, 'type', `${requestTypeLabel(type)} is not offered under ${jurisdiction}`);

  // R04: opt-outs need no verification, so they ask for nothing but the email.
  const verified = requiresVerification(type, jurisdiction);
  // An explicit null is no name either (@IsOptional lets null through).
  if (verified) need(dto.name !== undefined && dto.name !== null, 'name', 'is required');
  else {
    need(dto.dataPoints === undefined, 'dataPoints', 'are not needed for an opt-out (we ask only for the email)');
    need(dto.declaration === undefined, 'declaration', 'is not needed for an opt-out');
  }

  if (type === 'correction') need((dto.corrections?.length ?? 0) > 0, 'corrections', 'must say what is wrong and what it should be');
  else need(dto.corrections === undefined, 'corrections', 'are only for correction requests');

  if (type === 'objection') {
    const problem = validateObjectionChannels(dto.channels);
    need(problem === null, 'channels', problem ?? '');
  } else need(dto.channels === undefined, 'channels', 'are only for objection (unsubscribe) requests');

  // R09: the declaration belongs to CCPA requests for specific pieces.
  if (dto.declaration !== undefined) {
    need(verificationLevel(type, jurisdiction) === 'reasonably_high' && countsTowardAccessQuota(type, jurisdiction), 'declaration', 'is only for CCPA access and portability requests');
  }
  if (dto.agent) need(dto.agent.email.trim().toLowerCase() !== dto.email.trim().toLowerCase(), 'agent.email', 'must be the agent’s own email, not the subject’s');
  if (errors.length > 0) return { ok: false, errors };

  return { ok: true, submission: toSubmission(dto, verified) };
}

function toSubmission(dto: SubmitRequestDto, verified: boolean): Submission {
  const dataPoints = dto.dataPoints && (dto.dataPoints.accountId || dto.dataPoints.phone) ? { ...dto.dataPoints } : undefined;
  return {
    type: dto.type,
    jurisdiction: dto.jurisdiction,
    email: dto.email.trim(),
    ...(verified && dto.name ? { name: dto.name.trim() } : {}),
    ...(dataPoints ? { dataPoints } : {}),
    ...(dto.corrections ? { corrections: dto.corrections.map(toCorrection) } : {}),
    ...(dto.channels ? { channels: CHANNELS.filter((channel) => dto.channels?.includes(channel)) } : {}),
    ...(dto.agent ? { agent: { name: dto.agent.name.trim(), email: dto.agent.email.trim(), powerOfAttorney: dto.agent.powerOfAttorney === true } } : {}),
    ...(dto.declaration ? { declaration: { signedName: dto.declaration.signedName.trim() } } : {}),
    ...(dto.locale ? { locale: dto.locale } : {}),
  };
}

function toCorrection(correction: CorrectionDto) {
  return {
    field: correction.field,
    value: correction.value.trim(),
    ...(correction.whatIsWrong ? { whatIsWrong: correction.whatIsWrong.trim() } : {}),
  };
}
