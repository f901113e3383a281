import type { Channel, Jurisdiction, LifecycleState, RequestType } from '@rightsflow/domain';

/** What the subject reads: request types, states and channels in plain words. */

const TYPE_LABELS: Record<RequestType, string> = {
  access: 'Get a copy of my data',
  access_categories: 'Tell me what kinds of data you hold about me',
  portability: 'Send me my data in a machine-readable file',
  deletion: 'Delete my data',
  correction: 'Correct my data',
  restriction: 'Stop using my data for now (restrict)',
  lift_restriction: 'Lift a restriction I asked for',
  objection: 'Stop marketing messages (unsubscribe)',
  opt_out_sale: 'Do not sell or share my personal information',
  limit_sensitive: 'Limit the use of my sensitive personal information',
  appeal: 'Appeal a decision on my request',
};

const TYPE_HINTS: Record<RequestType, string> = {
  access: 'A copy of the personal data we hold, and what we do with it.',
  access_categories: 'The kinds of data, where it came from and who receives it, without the data itself.',
  portability: 'Your data as a file you can take to another service.',
  deletion: 'We delete your data, except what the law makes us keep.',
  correction: 'Tell us what is wrong and what it should be.',
  restriction: 'We keep your data but stop using it until the restriction is lifted.',
  lift_restriction: 'We may use your data again; we tell you first.',
  objection: 'Choose the channels: email, text messages, push, in-app or web push.',
  opt_out_sale: 'No verification needed: just your email.',
  limit_sensitive: 'No verification needed: just your email.',
  appeal: 'Made from the status page of the request we refused.',
};

const STATE_TEXT: Record<LifecycleState, string> = {
  received: 'We have received your request.',
  awaiting_verification: 'Waiting for you to confirm your email address.',
  verified: 'Your email address is confirmed.',
  eligibility_checked: 'We have checked your request and are preparing the answer.',
  awaiting_approval: 'Our privacy team is reviewing your request.',
  in_fulfilment: 'We are working on your request.',
  completed: 'Done: we have answered your request.',
  denied: 'We could not do what you asked; the reason is below.',
  closed_not_obligated: 'Closed: you have already had the answers the law gives you for this period.',
  closed_unverified: 'Closed: the email address was not confirmed in time.',
  withdrawn: 'Withdrawn at your request.',
  linked_duplicate: 'Joined to an earlier request of yours that is still open.',
};

const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  sms: 'Text messages (SMS)',
  push: 'Push notifications',
  in_app: 'In-app messages',
  web_push: 'Browser (web push) notifications',
};

/** Where the person lives, and plainly which law that means (the form's list of supported places). */
const JURISDICTION_LABELS: Record<Jurisdiction, string> = {
  GDPR: 'European Union or EEA — the GDPR applies',
  UK_GDPR: 'United Kingdom — the UK GDPR and Data Protection Act 2018 apply',
  CCPA: 'California — the CCPA/CPRA applies',
  CPA: 'Colorado — the Colorado Privacy Act applies',
  CTDPA: 'Connecticut — the Connecticut Data Privacy Act applies',
  OCPA: 'Oregon — the Oregon Consumer Privacy Act applies',
  TDPSA: 'Texas — the Texas Data Privacy and Security Act applies',
  VCDPA: 'Virginia — the Virginia Consumer Data Protection Act applies',
  OTHER: 'Somewhere else — we answer under our own policy',
};

export const requestTypeLabel = (type: RequestType): string => TYPE_LABELS[type];
export const requestTypeHint = (type: RequestType): string => TYPE_HINTS[type];
export const stateText = (state: LifecycleState): string => STATE_TEXT[state] ?? state;
export const channelLabel = (channel: Channel): string => CHANNEL_LABELS[channel];
export const jurisdictionLabel = (jurisdiction: Jurisdiction): string => JURISDICTION_LABELS[jurisdiction];

/** Who did something, without naming staff. */
export function actorText(actor: string): string {
  if (actor === 'subject') return 'you';
  if (actor === 'agent') return 'your authorized agent';
  if (actor.startsWith('operator:')) return 'our privacy team';
  return 'automatically';
}
