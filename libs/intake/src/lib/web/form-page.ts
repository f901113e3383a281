import type { Locale } from '@rightsflow/contracts';
import { CHANNELS, JURISDICTIONS, Jurisdiction, REQUEST_TYPES, RequestType, ruleFor } from '@rightsflow/domain';
import { CORRECTABLE_FIELDS } from '../submission/submission.dto';
import { channelLabel, jurisdictionLabel, requestTypeHint, requestTypeLabel } from '../submission/plain-words';
import { html, SafeHtml } from './html';
import { PageKey, PageText } from './i18n/page-text';
import { page } from './layout';

/** What the person typed, to show again beside the errors. Every value is a string as the browser sent it. */
export interface FormValues {
  type?: string;
  jurisdiction: string;
  email?: string;
  name?: string;
  accountId?: string;
  phone?: string;
  correctionField?: string;
  correctionValue?: string;
  correctionWhatIsWrong?: string;
  channels: string[];
  isAgent: boolean;
  agentName?: string;
  agentEmail?: string;
  powerOfAttorney: boolean;
  declarationSignedName?: string;
  declarationAccepted: boolean;
}

/** Form field id → the message shown next to it. */
export type FormErrors = Record<string, string>;

export interface FormPageOptions {
  brandName: string;
  values: FormValues;
  errors: FormErrors;
  csrfToken: string;
  submissionId: string;
  maxUploadKb: number;
  /** R28: the browser sends Global Privacy Control. */
  gpc?: boolean;
  /** The page's language; the request is made in it (its emails follow). */
  text: PageText;
  languageHref: (locale: Locale) => string;
}

/** Field ids with a name in the catalogue (fields.*), for the error summary. */
const NAMED_FIELDS = new Set(['type', 'jurisdiction', 'email', 'name', 'accountId', 'phone', 'correctionField', 'correctionValue', 'correctionWhatIsWrong', 'channels', 'agentName', 'agentEmail', 'permission', 'declarationSignedName', 'declarationAccepted', 'form']);

/** The places in the order the form lists them: Europe, then the US states alphabetically, then elsewhere. */
const FORM_PLACES: readonly Jurisdiction[] = ['GDPR', 'UK_GDPR', 'CCPA', 'CPA', 'CTDPA', 'OCPA', 'TDPSA', 'VCDPA', 'OTHER'];
// Every jurisdiction is a place on the form (checked at load, so a new one cannot be forgotten).
for (const j of JURISDICTIONS) if (!FORM_PLACES.includes(j)) throw new Error(`form-page: no place for ${j}`);

function availability(type: RequestType, text: PageText): string {
  const where = ruleFor(type).offeredIn;
  if (!where.includes('GDPR')) return ` ${text.t('availability.notEurope')}`;
  if (!where.includes('CCPA')) return ` ${text.t('availability.notCalifornia')}`;
  return '';
}

function describedBy(id: string, errors: FormErrors, hint = false): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function errorFor(id: string, errors: FormErrors, text: PageText): SafeHtml {
  return errors[id] ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${text.t('form.errorPrefix')} </span>${errors[id]}</p>` : html``;
}

function textInput(
  id: string,
  label: string,
  value: string | undefined,
  errors: FormErrors,
  text: PageText,
  options: { type?: 'text' | 'email' | 'tel'; hint?: string; autocomplete?: string; maxLength?: number; inputmode?: string } = {},
): SafeHtml {
  const describe = describedBy(id, errors, options.hint !== undefined);
  return html`<label for="${id}">${label}</label>
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
${errorFor(id, errors, text)}
<input type="${options.type ?? 'text'}" id="${id}" name="${id}" value="${value ?? ''}"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${
    options.maxLength ? html` maxlength="${options.maxLength}"` : ''
  }${describe ? html` aria-describedby="${describe}"` : ''}${errors[id] ? html` aria-invalid="true"` : ''}${options.type === 'email' ? html` spellcheck="false"` : ''}>`;
}

function errorSummary(errors: FormErrors, text: PageText): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  const fieldName = (id: string) => (NAMED_FIELDS.has(id) ? text.t(`fields.${id}` as PageKey) : id);
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${text.t('form.problem')}</h2>
<ul>${entries.map(([id, message]) => html`<li><a href="#${id === 'type' ? `type-${REQUEST_TYPES[0]}` : id === 'channels' ? `channels-${CHANNELS[0]}` : id}">${fieldName(id)}: ${message}</a></li>`)}</ul>
</div>`;
}

/** The request form: one page, every type, plain words; accessible and usable with no script. */
export function formPage({ brandName, values, errors, csrfToken, submissionId, maxUploadKb, gpc, text, languageHref }: FormPageOptions): string {
  const checked = (on: boolean) => (on ? html` checked` : html``);
  // R26: an appeal is made from the refused request's status page, not from this form.
  const typeChoices = REQUEST_TYPES.filter((type) => type !== 'appeal').map(
    (type) => html`<div class="choice">
<input type="radio" id="type-${type}" name="type" value="${type}"${checked(values.type === type)} aria-describedby="type-${type}-hint${errors['type'] ? ' type-error' : ''}">
<label for="type-${type}">${requestTypeLabel(type, text)}<span class="hint" id="type-${type}-hint">${requestTypeHint(type, text)}${availability(type, text)}</span></label>
</div>`,
  );
  const jurisdictionOptions = FORM_PLACES.map(
    (j: Jurisdiction) => html`<option value="${j}"${values.jurisdiction === j ? html` selected` : ''}>${jurisdictionLabel(j, text)}</option>`,
  );
  const channelChoices = CHANNELS.map(
    (channel) => html`<div class="choice">
<input type="checkbox" id="channels-${channel}" name="channels" value="${channel}"${checked(values.channels.includes(channel))}${errors['channels'] ? html` aria-describedby="channels-error"` : ''}>
<label for="channels-${channel}">${channelLabel(channel, text)}</label>
</div>`,
  );
  const correctionOptions = CORRECTABLE_FIELDS.map(
    (field) => html`<option value="${field}"${values.correctionField === field ? html` selected` : ''}>${text.t(`corrections.${field}`)}</option>`,
  );

  const body = html`<h1>${text.t('form.title')}</h1>
<p>${text.t('form.intro', { brandName })}</p>
${
  gpc
    ? html`<div class="panel" role="status" id="gpc-notice"><p>${text.markup('form.gpcNotice')}</p></div>`
    : ''
}
${errorSummary(errors, text)}
<form method="post" action="/" enctype="multipart/form-data" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
<input type="hidden" name="submissionId" value="${submissionId}">
<input type="hidden" name="locale" value="${text.locale}">

<label for="jurisdiction">${text.t('form.whereLabel')}</label>
<p class="hint" id="jurisdiction-hint">${text.t('form.whereHint')}</p>
${errorFor('jurisdiction', errors, text)}
<select id="jurisdiction" name="jurisdiction" aria-describedby="${describedBy('jurisdiction', errors, true)}">${jurisdictionOptions}</select>

<fieldset${errors['type'] ? html` aria-describedby="type-error"` : ''}>
<legend>${text.t('form.whatLegend')}</legend>
${errorFor('type', errors, text)}
${typeChoices}
</fieldset>

<fieldset>
<legend>${text.t('form.aboutYou')}</legend>
${textInput('email', text.t('form.email'), values.email, errors, text, {
  type: 'email',
  autocomplete: 'email',
  hint: text.t('form.emailHint'),
  maxLength: 254,
})}
<div class="needs-verification">
${textInput('name', text.t('form.name'), values.name, errors, text, { autocomplete: 'name', maxLength: 100 })}
${textInput('accountId', text.t('form.accountId'), values.accountId, errors, text, { hint: text.t('form.accountIdHint'), maxLength: 64 })}
${textInput('phone', text.t('form.phone'), values.phone, errors, text, { type: 'tel', autocomplete: 'tel', maxLength: 25 })}
</div>
</fieldset>

<fieldset class="only-correction">
<legend>${text.t('form.correctLegend')}</legend>
<label for="correctionField">${text.t('form.correctionField')}</label>
${errorFor('correctionField', errors, text)}
<select id="correctionField" name="correctionField"${errors['correctionField'] ? html` aria-describedby="correctionField-error" aria-invalid="true"` : ''}>${correctionOptions}</select>
<label for="correctionWhatIsWrong">${text.t('form.correctionWhatIsWrong')}</label>
${errorFor('correctionWhatIsWrong', errors, text)}
<textarea id="correctionWhatIsWrong" name="correctionWhatIsWrong" maxlength="1000"${
    errors['correctionWhatIsWrong'] ? html` aria-describedby="correctionWhatIsWrong-error" aria-invalid="true"` : ''
  }>${values.correctionWhatIsWrong ?? ''}</textarea>
${textInput('correctionValue', text.t('form.correctionValue'), values.correctionValue, errors, text, { maxLength: 500 })}
</fieldset>

<fieldset class="only-objection"${errors['channels'] ? html` aria-describedby="channels-error"` : ''}>
<legend>${text.t('form.channelsLegend')}</legend>
${errorFor('channels', errors, text)}
${channelChoices}
</fieldset>

<fieldset class="only-declaration">
<legend>${text.t('form.declarationLegend')}</legend>
<p class="hint">${text.t('form.declarationHint')}</p>
<div class="choice">
<input type="checkbox" id="declarationAccepted" name="declarationAccepted" value="yes"${checked(values.declarationAccepted)}${
    errors['declarationAccepted'] ? html` aria-describedby="declarationAccepted-error"` : ''
  }>
<label for="declarationAccepted">${text.t('form.declarationText')}</label>
</div>
${errorFor('declarationAccepted', errors, text)}
${textInput('declarationSignedName', text.t('form.signature'), values.declarationSignedName, errors, text, { maxLength: 100 })}
</fieldset>

<fieldset>
<legend>${text.t('form.agentLegend')}</legend>
<div class="choice">
<input type="checkbox" id="isAgent" name="isAgent" value="yes"${checked(values.isAgent)}>
<label for="isAgent">${text.t('form.isAgent')}</label>
</div>
<div class="only-agent">
${textInput('agentName', text.t('form.agentName'), values.agentName, errors, text, { autocomplete: 'off', maxLength: 100 })}
${textInput('agentEmail', text.t('form.agentEmail'), values.agentEmail, errors, text, {
  type: 'email',
  hint: text.t('form.agentEmailHint'),
  maxLength: 254,
})}
<label for="permission">${text.t('form.permission')}</label>
<p class="hint" id="permission-hint">${text.t('form.permissionHint', { megabytes: Math.floor(maxUploadKb / 1024) })}</p>
${errorFor('permission', errors, text)}
<input type="file" id="permission" name="permission" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="${describedBy('permission', errors, true)}"${
    errors['permission'] ? html` aria-invalid="true"` : ''
  }>
<div class="choice">
<input type="checkbox" id="powerOfAttorney" name="powerOfAttorney" value="yes"${checked(values.powerOfAttorney)}>
<label for="powerOfAttorney">${text.t('form.powerOfAttorney')}<span class="hint">${text.t('form.powerOfAttorneyHint')}</span></label>
</div>
</div>
</fieldset>

<div class="trap" aria-hidden="true">
<label for="website">${text.t('form.trap')}</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off">
</div>

<button type="submit">${text.t('form.send')}</button>
</form>`;
  return page({ title: text.t(Object.keys(errors).length ? 'form.errorTitle' : 'form.title'), brandName, body, text, languageHref });
}
