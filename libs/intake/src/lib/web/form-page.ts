import { CHANNELS, JURISDICTIONS, Jurisdiction, REQUEST_TYPES, RequestType, ruleFor } from '@rightsflow/domain';
import { CORRECTABLE_FIELDS } from '../submission/submission.dto';
import { channelLabel, jurisdictionLabel, requestTypeHint, requestTypeLabel } from '../submission/plain-words';
import { html, SafeHtml } from './html';
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
}

/** Labels of the form fields, for the error summary. */
const FIELD_NAMES: Record<string, string> = {
  type: 'What you would like us to do',
  jurisdiction: 'Where you live',
  email: 'Email address',
  name: 'Full name',
  accountId: 'Account or customer number',
  phone: 'Phone number',
  correctionField: 'What is wrong',
  correctionValue: 'What it should be',
  correctionWhatIsWrong: 'What is wrong with it now',
  channels: 'Channels',
  agentName: 'Your name (agent)',
  agentEmail: 'Your email (agent)',
  permission: 'Signed permission',
  declarationSignedName: 'Signature',
  declarationAccepted: 'Declaration',
  form: 'The form',
};

const CORRECTION_LABELS: Record<(typeof CORRECTABLE_FIELDS)[number], string> = {
  name: 'My name',
  email: 'My email address',
  phone: 'My phone number',
  postalAddress: 'My postal address',
  dateOfBirth: 'My date of birth',
  accountDetails: 'My account details',
  other: 'Something else',
};

/** The places in the order the form lists them: Europe, then the US states alphabetically, then elsewhere. */
const FORM_PLACES: readonly Jurisdiction[] = ['GDPR', 'UK_GDPR', 'CCPA', 'CPA', 'CTDPA', 'OCPA', 'TDPSA', 'VCDPA', 'OTHER'];
// Every jurisdiction is a place on the form (checked at load, so a new one cannot be forgotten).
for (const j of JURISDICTIONS) if (!FORM_PLACES.includes(j)) throw new Error(`form-page: no place for ${j}`);

function availability(type: RequestType): string {
  const where = ruleFor(type).offeredIn;
  if (!where.includes('GDPR')) return ' Not available in the EU, EEA or UK.';
  if (!where.includes('CCPA')) return ' Not available under California law.';
  return '';
}

function describedBy(id: string, errors: FormErrors, hint = false): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function errorFor(id: string, errors: FormErrors): SafeHtml {
  return errors[id] ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${errors[id]}</p>` : html``;
}

function textInput(
  id: string,
  label: string,
  value: string | undefined,
  errors: FormErrors,
  options: { type?: 'text' | 'email' | 'tel'; hint?: string; autocomplete?: string; maxLength?: number; inputmode?: string } = {},
): SafeHtml {
  const describe = describedBy(id, errors, options.hint !== undefined);
  return html`<label for="${id}">${label}</label>
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}
${errorFor(id, errors)}
<input type="${options.type ?? 'text'}" id="${id}" name="${id}" value="${value ?? ''}"${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${
    options.maxLength ? html` maxlength="${options.maxLength}"` : ''
  }${describe ? html` aria-describedby="${describe}"` : ''}${errors[id] ? html` aria-invalid="true"` : ''}${options.type === 'email' ? html` spellcheck="false"` : ''}>`;
}

function errorSummary(errors: FormErrors): SafeHtml {
  const entries = Object.entries(errors);
  if (entries.length === 0) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul>${entries.map(([id, message]) => html`<li><a href="#${id === 'type' ? `type-${REQUEST_TYPES[0]}` : id === 'channels' ? `channels-${CHANNELS[0]}` : id}">${FIELD_NAMES[id] ?? id}: ${message}</a></li>`)}</ul>
</div>`;
}

/** The request form: one page, every type, plain words; accessible and usable with no script. */
export function formPage({ brandName, values, errors, csrfToken, submissionId, maxUploadKb, gpc }: FormPageOptions): string {
  const checked = (on: boolean) => (on ? html` checked` : html``);
  // R26: an appeal is made from the refused request's status page, not from this form.
  const typeChoices = REQUEST_TYPES.filter((type) => type !== 'appeal').map(
    (type) => html`<div class="choice">
<input type="radio" id="type-${type}" name="type" value="${type}"${checked(values.type === type)} aria-describedby="type-${type}-hint${errors['type'] ? ' type-error' : ''}">
<label for="type-${type}">${requestTypeLabel(type)}<span class="hint" id="type-${type}-hint">${requestTypeHint(type)}${availability(type)}</span></label>
</div>`,
  );
  const jurisdictionOptions = FORM_PLACES.map(
    (j: Jurisdiction) => html`<option value="${j}"${values.jurisdiction === j ? html` selected` : ''}>${jurisdictionLabel(j)}</option>`,
  );
  const channelChoices = CHANNELS.map(
    (channel) => html`<div class="choice">
<input type="checkbox" id="channels-${channel}" name="channels" value="${channel}"${checked(values.channels.includes(channel))}${errors['channels'] ? html` aria-describedby="channels-error"` : ''}>
<label for="channels-${channel}">${channelLabel(channel)}</label>
</div>`,
  );
  const correctionOptions = CORRECTABLE_FIELDS.map(
    (field) => html`<option value="${field}"${values.correctionField === field ? html` selected` : ''}>${CORRECTION_LABELS[field]}</option>`,
  );

  const body = html`<h1>Ask about your personal data</h1>
<p>Use this form to see, correct or delete the personal data ${brandName} holds about you, or to stop some uses of it. It is free. We answer within the time the law gives us, usually much sooner.</p>
${
  gpc
    ? html`<div class="panel" role="status" id="gpc-notice"><p>Your browser sends a <strong>Global Privacy Control</strong> signal. We honour it: we do not sell or share personal information about this browser's user. Give your email below and we also record it as your opt-out of the sale and sharing of your personal information, with no proof of identity needed.</p></div>`
    : ''
}
${errorSummary(errors)}
<form method="post" action="/" enctype="multipart/form-data" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
<input type="hidden" name="submissionId" value="${submissionId}">

<label for="jurisdiction">Where do you live?</label>
<p class="hint" id="jurisdiction-hint">This decides which law applies and how quickly we must answer. Not listed? Choose “Somewhere else”.</p>
${errorFor('jurisdiction', errors)}
<select id="jurisdiction" name="jurisdiction" aria-describedby="${describedBy('jurisdiction', errors, true)}">${jurisdictionOptions}</select>

<fieldset${errors['type'] ? html` aria-describedby="type-error"` : ''}>
<legend>What would you like us to do?</legend>
${errorFor('type', errors)}
${typeChoices}
</fieldset>

<fieldset>
<legend>About you</legend>
${textInput('email', 'Email address', values.email, errors, {
  type: 'email',
  autocomplete: 'email',
  hint: 'We send everything about this request here. Use the address you use with us.',
  maxLength: 254,
})}
<div class="needs-verification">
${textInput('name', 'Full name', values.name, errors, { autocomplete: 'name', maxLength: 100 })}
${textInput('accountId', 'Account or customer number (optional)', values.accountId, errors, { hint: 'Helps us find your data and confirm it is you.', maxLength: 64 })}
${textInput('phone', 'Phone number (optional)', values.phone, errors, { type: 'tel', autocomplete: 'tel', maxLength: 25 })}
</div>
</fieldset>

<fieldset class="only-correction">
<legend>What should we correct?</legend>
<label for="correctionField">What is wrong</label>
${errorFor('correctionField', errors)}
<select id="correctionField" name="correctionField"${errors['correctionField'] ? html` aria-describedby="correctionField-error" aria-invalid="true"` : ''}>${correctionOptions}</select>
<label for="correctionWhatIsWrong">What is wrong with it now (optional)</label>
${errorFor('correctionWhatIsWrong', errors)}
<textarea id="correctionWhatIsWrong" name="correctionWhatIsWrong" maxlength="1000"${
    errors['correctionWhatIsWrong'] ? html` aria-describedby="correctionWhatIsWrong-error" aria-invalid="true"` : ''
  }>${values.correctionWhatIsWrong ?? ''}</textarea>
${textInput('correctionValue', 'What it should be', values.correctionValue, errors, { maxLength: 500 })}
</fieldset>

<fieldset class="only-objection"${errors['channels'] ? html` aria-describedby="channels-error"` : ''}>
<legend>Which messages should we stop?</legend>
${errorFor('channels', errors)}
${channelChoices}
</fieldset>

<fieldset class="only-declaration">
<legend>Declaration (California, specific pieces of information)</legend>
<p class="hint">To send you the data itself we must be reasonably sure it is you. Without this declaration we can still tell you what kinds of data we hold.</p>
<div class="choice">
<input type="checkbox" id="declarationAccepted" name="declarationAccepted" value="yes"${checked(values.declarationAccepted)}${
    errors['declarationAccepted'] ? html` aria-describedby="declarationAccepted-error"` : ''
  }>
<label for="declarationAccepted">I declare under penalty of perjury under the laws of California that I am the person whose personal information is requested.</label>
</div>
${errorFor('declarationAccepted', errors)}
${textInput('declarationSignedName', 'Type your full name as your signature', values.declarationSignedName, errors, { maxLength: 100 })}
</fieldset>

<fieldset>
<legend>Are you asking for someone else?</legend>
<div class="choice">
<input type="checkbox" id="isAgent" name="isAgent" value="yes"${checked(values.isAgent)}>
<label for="isAgent">I am an authorized agent acting for the person named above</label>
</div>
<div class="only-agent">
${textInput('agentName', 'Your name', values.agentName, errors, { autocomplete: 'off', maxLength: 100 })}
${textInput('agentEmail', 'Your email address', values.agentEmail, errors, {
  type: 'email',
  hint: 'We confirm this address with you, and ask the person to confirm they gave you permission.',
  maxLength: 254,
})}
<label for="permission">Signed permission from the person</label>
<p class="hint" id="permission-hint">PDF, PNG or JPEG, up to ${Math.floor(maxUploadKb / 1024)} MB.</p>
${errorFor('permission', errors)}
<input type="file" id="permission" name="permission" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="${describedBy('permission', errors, true)}"${
    errors['permission'] ? html` aria-invalid="true"` : ''
  }>
<div class="choice">
<input type="checkbox" id="powerOfAttorney" name="powerOfAttorney" value="yes"${checked(values.powerOfAttorney)}>
<label for="powerOfAttorney">The document is a power of attorney<span class="hint">Then the person does not need to confirm by email.</span></label>
</div>
</div>
</fieldset>

<div class="trap" aria-hidden="true">
<label for="website">Leave this empty</label>
<input type="text" id="website" name="website" tabindex="-1" autocomplete="off">
</div>

<button type="submit">Send request</button>
</form>`;
  return page({ title: Object.keys(errors).length ? 'Error: Ask about your personal data' : 'Ask about your personal data', brandName, body });
}
