import type { SubmitCodeResult } from '@rightsflow/contracts';
import { hasAppeal, isPrivacyLaw, lawFacts } from '@rightsflow/domain';
import type { StatusView } from '../submission/status-view';
import type { SubmitOutcome } from '../submission/intake.service';
import { html, SafeHtml } from './html';
import { page } from './layout';

/** The pages after the form: confirmation, verification, status. Dates are shown as days in the controller's time zone. */
export interface PageContext {
  brandName: string;
  timeZone: string;
  csrfToken: string;
}

function day(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return 'to be set';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone }).format(new Date(iso));
}

function moment(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));
}

function codeForm(requestId: string, csrfToken: string, error?: string): SafeHtml {
  return html`<form method="post" action="/requests/${requestId}/code" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="code">Code from the email</label>
<p class="hint" id="code-hint">6 digits. You can also click the button in the email instead.</p>
${error ? html`<p class="error-message" id="code-error">${error}</p>` : ''}
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" aria-describedby="code-hint${error ? ' code-error' : ''}"${
    error ? html` aria-invalid="true"` : ''
  }>
<button type="submit">Confirm</button>
</form>`;
}

export function confirmationPage(ctx: PageContext, outcome: SubmitOutcome, statusUrl: string | null): string {
  const { requestId, verificationBy, replayed } = outcome;
  const next =
    verificationBy === null
      ? html`<p>You do not need to do anything else: we need no proof of identity for this kind of request. We will confirm by email when it is done, by <strong>${day(outcome.dueAt, ctx.timeZone)}</strong> at the latest.</p>`
      : html`<h2>What happens next</h2>
<ol>
<li>An email is on its way to ${verificationBy === 'agent' ? 'your (the agent’s) address' : 'you'}. It has a button and a 6-digit code: use either to confirm the address is yours.${
          verificationBy === 'agent' ? ' We then ask the person you act for to confirm, unless you sent a power of attorney.' : ''
        }</li>
<li>Once confirmed, we work on your request and answer by <strong>${day(outcome.dueAt, ctx.timeZone)}</strong> at the latest. If we need longer, we will tell you why before then.</li>
</ol>
<p>If the email does not arrive within a few minutes, check your spam folder.</p>
${codeForm(requestId, ctx.csrfToken)}`;
  const body = html`<div class="panel" role="status">
<h1>${replayed ? 'We already have this request' : 'We have received your request'}</h1>
<p>Your reference:</p>
<p class="reference">${requestId}</p>
</div>
${
  outcome.gpcHonoured
    ? html`<p id="gpc-honoured">Your browser's <strong>Global Privacy Control</strong> signal was honoured: we have recorded this as your opt-out of the sale and sharing of your personal information.</p>`
    : ''
}
${next}
${
  statusUrl
    ? html`<h2>Follow your request</h2><p>Keep this link: it shows where your request stands and lets you withdraw it. It is shown only once.</p><p><a href="${statusUrl}">See the status of request ${requestId}</a></p>`
    : html`<p>The status link is in the email we sent.</p>`
}`;
  return page({ title: 'Request received', brandName: ctx.brandName, body });
}

export function verifyPage(ctx: PageContext, requestId: string, token: string): string {
  const body = html`<h1>Confirm your request</h1>
<p>Press the button to confirm that you asked for request <span class="reference">${requestId}</span> and that the email address is yours.</p>
<form method="post" action="/verify/${requestId}">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="token" value="${token}">
<button type="submit">Yes, I made this request</button>
</form>
<p>If you did not ask for this, ignore this page and the email: nothing happens without your confirmation.</p>`;
  return page({ title: 'Confirm your request', brandName: ctx.brandName, body });
}

export function verifiedPage(ctx: PageContext, requestId: string): string {
  const body = html`<div class="panel" role="status"><h1>Thank you</h1><p>We have your confirmation for request <span class="reference">${requestId}</span>.</p></div>
<p>We will email you when there is news. If the link had expired, the email with the status link tells you what to do next.</p>`;
  return page({ title: 'Thank you', brandName: ctx.brandName, body });
}

export function codeResultPage(ctx: PageContext, requestId: string, result: SubmitCodeResult): string {
  if (result.verified) {
    return page({
      title: 'Confirmed',
      brandName: ctx.brandName,
      body: html`<div class="panel" role="status"><h1>Your email address is confirmed</h1><p>We are now working on request <span class="reference">${requestId}</span>.</p></div>`,
    });
  }
  const message = result.closed
    ? 'This code can no longer be used. Check your email for what happens next.'
    : `That code is not right. You have ${result.attemptsLeft} ${result.attemptsLeft === 1 ? 'try' : 'tries'} left.`;
  return page({
    title: 'Error: Code not accepted',
    brandName: ctx.brandName,
    body: html`<h1>The code was not accepted</h1>${result.closed ? html`<p>${message}</p>` : codeForm(requestId, ctx.csrfToken, message)}`,
  });
}

export function codeFormPage(ctx: PageContext, requestId: string, error: string): string {
  return page({ title: 'Error: Enter the code', brandName: ctx.brandName, body: html`<h1>Enter the code from the email</h1>${codeForm(requestId, ctx.csrfToken, error)}` });
}

/** R26: how to appeal a refusal under a US state law, the appeal once made, and the regulator once it is refused. */
function appealSection(ctx: PageContext, view: StatusView, token: string): SafeHtml {
  const law = isPrivacyLaw(view.jurisdiction) && hasAppeal(view.jurisdiction) ? lawFacts(view.jurisdiction) : null;
  if (!law) return html``;
  if (view.canAppeal) {
    return html`<h2>Appeal this decision</h2>
<p>Under the ${law.title} you can ask us to look at this decision again. Someone who was not involved in it will decide within ${law.appeal?.decisionDays ?? 45} days and write to you with the reasons.</p>
<form method="post" action="/status/${view.requestId}/appeal">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="token" value="${token}">
<button type="submit">Appeal this decision</button>
</form>`;
  }
  if (view.appealId) {
    return html`<h2>Your appeal</h2><p>You have appealed this decision. <a href="/status/${view.appealId}?token=${encodeURIComponent(token)}">See where your appeal stands</a>.</p>`;
  }
  if (view.type === 'appeal' && view.status === 'denied') {
    const { regulator } = law;
    return html`<h2>If you disagree</h2><p>You can complain to the ${regulator.name}${regulator.phone ? ` (telephone ${regulator.phone})` : ''}: <a href="${regulator.url}">${regulator.url}</a>.</p>`;
  }
  return html``;
}

export function statusPage(ctx: PageContext, view: StatusView, token: string, notice?: string): string {
  const body = html`<h1>Your request</h1>
${notice ? html`<div class="panel" role="status"><p>${notice}</p></div>` : ''}
<dl class="facts">
<dt>Reference</dt><dd class="reference">${view.requestId}</dd>
<dt>Request</dt><dd>${view.typeLabel}</dd>
<dt>Where it stands</dt><dd>${view.statusText}</dd>
<dt>Received</dt><dd>${day(view.receivedAt, ctx.timeZone)}</dd>
<dt>${view.closed ? 'Was due' : 'Answer due by'}</dt><dd>${day(view.dueAt, ctx.timeZone)}</dd>
</dl>
${view.reason ? html`<h2>Why</h2><p>${view.reason}</p>` : ''}
${appealSection(ctx, view, token)}
${view.nextOwedAt ? html`<p>You can make your next request of this kind from ${day(view.nextOwedAt, ctx.timeZone)}.</p>` : ''}
${view.exportReady ? html`<h2>Your data is ready</h2><p>We emailed you a secure download link. It works for a limited time; if it has expired, reply to that email.</p>` : ''}
${view.status === 'awaiting_verification' ? html`<h2>Confirm your email</h2>${codeForm(view.requestId, ctx.csrfToken)}` : ''}
<h2>What has happened so far</h2>
<ol class="timeline">${view.timeline.map(
    (entry) => html`<li><time datetime="${entry.at}">${moment(entry.at, ctx.timeZone)}</time>${entry.statusText}${entry.note ? html` — ${entry.note}` : ''} <span class="hint">(${entry.by})</span></li>`,
  )}</ol>
${
  view.canWithdraw
    ? html`<h2>Changed your mind?</h2>
<form method="post" action="/status/${view.requestId}/withdraw">
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="token" value="${token}">
<button type="submit" class="secondary">Withdraw this request</button>
</form>`
    : ''
}`;
  return page({ title: 'Your request', brandName: ctx.brandName, body });
}
