import type { Locale, SubmitCodeResult } from '@rightsflow/contracts';
import { hasAppeal, isPrivacyLaw, lawFacts } from '@rightsflow/domain';
import type { StatusView } from '../submission/status-view';
import type { SubmitOutcome } from '../submission/intake.service';
import { actorText, requestTypeLabel, stateText } from '../submission/plain-words';
import { html, SafeHtml } from './html';
import { PageText } from './i18n/page-text';
import { page } from './layout';

/** The pages after the form: confirmation, verification, status. Dates are shown as days in the controller's time zone. */
export interface PageContext {
  brandName: string;
  csrfToken: string;
  /** The page's language, and its dates. */
  text: PageText;
  /** The same page in another language (the switch). */
  languageHref: (locale: Locale) => string;
}

function framed(ctx: PageContext, title: string, body: SafeHtml): string {
  return page({ title, brandName: ctx.brandName, body, text: ctx.text, languageHref: ctx.languageHref });
}

function codeForm(ctx: PageContext, requestId: string, error?: string): SafeHtml {
  const { text } = ctx;
  return html`<form method="post" action="/requests/${requestId}/code" novalidate>
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<label for="code">${text.t('code.label')}</label>
<p class="hint" id="code-hint">${text.t('code.hint')}</p>
${error ? html`<p class="error-message" id="code-error">${error}</p>` : ''}
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" aria-describedby="code-hint${error ? ' code-error' : ''}"${
    error ? html` aria-invalid="true"` : ''
  }>
<button type="submit">${text.t('code.confirm')}</button>
</form>`;
}

export function confirmationPage(ctx: PageContext, outcome: SubmitOutcome, statusUrl: string | null): string {
  const { text } = ctx;
  const { requestId, verificationBy, replayed } = outcome;
  const dueAt = text.day(outcome.dueAt);
  const next =
    verificationBy === null
      ? html`<p>${text.markup('confirmation.nothingElse', { dueAt })}</p>`
      : html`<h2>${text.t('confirmation.next')}</h2>
<ol>
<li>${text.t(verificationBy === 'agent' ? 'confirmation.emailToAgent' : 'confirmation.emailToYou')}</li>
<li>${text.markup('confirmation.answerBy', { dueAt })}</li>
</ol>
<p>${text.t('confirmation.spam')}</p>
${codeForm(ctx, requestId)}`;
  const body = html`<div class="panel" role="status">
<h1>${text.t(replayed ? 'confirmation.already' : 'confirmation.received')}</h1>
<p>${text.t('confirmation.reference')}</p>
<p class="reference">${requestId}</p>
</div>
${outcome.gpcHonoured ? html`<p id="gpc-honoured">${text.markup('confirmation.gpcHonoured')}</p>` : ''}
${next}
${
  statusUrl
    ? html`<h2>${text.t('confirmation.follow')}</h2><p>${text.t('confirmation.keepLink')}</p><p><a href="${statusUrl}">${text.t('confirmation.statusLink', { requestId })}</a></p>`
    : html`<p>${text.t('confirmation.linkInEmail')}</p>`
}`;
  return framed(ctx, text.t('confirmation.title'), body);
}

export function verifyPage(ctx: PageContext, requestId: string, token: string): string {
  const { text } = ctx;
  const body = html`<h1>${text.t('verify.title')}</h1>
<p>${text.markup('verify.text', { requestId })}</p>
<form method="post" action="/verify/${requestId}">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="token" value="${token}">
<button type="submit">${text.t('verify.button')}</button>
</form>
<p>${text.t('verify.ignore')}</p>`;
  return framed(ctx, text.t('verify.title'), body);
}

export function verifiedPage(ctx: PageContext, requestId: string): string {
  const { text } = ctx;
  const body = html`<div class="panel" role="status"><h1>${text.t('verify.thanksTitle')}</h1><p>${text.markup('verify.thanks', { requestId })}</p></div>
<p>${text.t('verify.news')}</p>`;
  return framed(ctx, text.t('verify.thanksTitle'), body);
}

export function codeResultPage(ctx: PageContext, requestId: string, result: SubmitCodeResult): string {
  const { text } = ctx;
  if (result.verified) {
    return framed(
      ctx,
      text.t('code.confirmedTitle'),
      html`<div class="panel" role="status"><h1>${text.t('code.confirmed')}</h1><p>${text.markup('code.working', { requestId })}</p></div>`,
    );
  }
  const message = result.closed ? text.t('code.closed') : text.t('code.wrong', { count: result.attemptsLeft });
  return framed(
    ctx,
    text.t('code.notAcceptedTitle'),
    html`<h1>${text.t('code.notAccepted')}</h1>${result.closed ? html`<p>${message}</p>` : codeForm(ctx, requestId, message)}`,
  );
}

export function codeFormPage(ctx: PageContext, requestId: string, error: string): string {
  return framed(ctx, ctx.text.t('code.enterTitle'), html`<h1>${ctx.text.t('code.enter')}</h1>${codeForm(ctx, requestId, error)}`);
}

/** R26: how to appeal a refusal under a US state law, the appeal once made, and the regulator once it is refused. */
function appealSection(ctx: PageContext, view: StatusView, token: string): SafeHtml {
  const { text } = ctx;
  const law = isPrivacyLaw(view.jurisdiction) && hasAppeal(view.jurisdiction) ? lawFacts(view.jurisdiction) : null;
  if (!law) return html``;
  if (view.canAppeal) {
    return html`<h2>${text.t('appeal.title')}</h2>
<p>${text.t('appeal.text', { law: law.title, days: law.appeal?.decisionDays ?? 45 })}</p>
<form method="post" action="/status/${view.requestId}/appeal">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="token" value="${token}">
<button type="submit">${text.t('appeal.button')}</button>
</form>`;
  }
  if (view.appealId) {
    const url = `/status/${view.appealId}?token=${encodeURIComponent(token)}`;
    return html`<h2>${text.t('appeal.yoursTitle')}</h2><p>${text.markup('appeal.yours', { url })}</p>`;
  }
  if (view.type === 'appeal' && view.status === 'denied') {
    const { regulator } = law;
    const values = { regulator: regulator.name, url: regulator.url, ...(regulator.phone ? { phone: regulator.phone } : {}) };
    return html`<h2>${text.t('appeal.disagreeTitle')}</h2><p>${text.markup(regulator.phone ? 'appeal.complainPhone' : 'appeal.complain', values)}</p>`;
  }
  return html``;
}

export function statusPage(ctx: PageContext, view: StatusView, token: string, notice?: string): string {
  const { text } = ctx;
  const body = html`<h1>${text.t('status.title')}</h1>
${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
<dl class="facts">
<dt>${text.t('status.reference')}</dt><dd class="reference">${view.requestId}</dd>
<dt>${text.t('status.request')}</dt><dd>${requestTypeLabel(view.type, text)}</dd>
<dt>${text.t('status.where')}</dt><dd>${stateText(view.status, text)}</dd>
<dt>${text.t('status.received')}</dt><dd>${text.day(view.receivedAt)}</dd>
<dt>${text.t(view.closed ? 'status.wasDue' : 'status.dueBy')}</dt><dd>${text.day(view.dueAt)}</dd>
</dl>
${view.reason ? html`<h2>${text.t('status.why')}</h2><p>${view.reason}</p>` : ''}
${appealSection(ctx, view, token)}
${view.nextOwedAt ? html`<p>${text.t('status.nextOwed', { day: text.day(view.nextOwedAt) })}</p>` : ''}
${view.exportReady ? html`<h2>${text.t('status.readyTitle')}</h2><p>${text.t('status.ready')}</p>` : ''}
${view.status === 'awaiting_verification' ? html`<h2>${text.t('status.confirmEmail')}</h2>${codeForm(ctx, view.requestId)}` : ''}
<h2>${text.t('status.history')}</h2>
<ol class="timeline">${view.timeline.map(
    (entry) =>
      html`<li><time datetime="${entry.at}">${text.moment(entry.at)}</time>${stateText(entry.status, text)}${entry.note ? html` — ${entry.note}` : ''} <span class="hint">(${actorText(entry.actor, text)})</span></li>`,
  )}</ol>
${
  view.canWithdraw
    ? html`<h2>${text.t('status.changedMind')}</h2>
<form method="post" action="/status/${view.requestId}/withdraw">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="token" value="${token}">
<button type="submit" class="secondary">${text.t('status.withdraw')}</button>
</form>`
    : ''
}`;
  return framed(ctx, text.t('status.title'), body);
}
