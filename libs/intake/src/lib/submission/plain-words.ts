import type { Channel, Jurisdiction, LifecycleState, RequestType } from '@rightsflow/domain';
import { englishText, PageText } from '../web/i18n/page-text';

/**
 * What the subject reads: request types, states and channels in plain words,
 * from the pages' catalogue (web/i18n/locales) so the API and the pages say
 * the same. The API answers in English; the pages pass their own PageText.
 */
const english = englishText();

export const requestTypeLabel = (type: RequestType, text: PageText = english): string => text.t(`types.${type}.label`);
export const requestTypeHint = (type: RequestType, text: PageText = english): string => text.t(`types.${type}.hint`);
export const stateText = (state: LifecycleState, text: PageText = english): string => text.t(`states.${state}`);
export const channelLabel = (channel: Channel, text: PageText = english): string => text.t(`channels.${channel}`);
/** Where the person lives, and plainly which law that means (the form's list of supported places). */
export const jurisdictionLabel = (jurisdiction: Jurisdiction, text: PageText = english): string => text.t(`places.${jurisdiction}`);

export type ActorKind = 'subject' | 'agent' | 'operator' | 'system';

/** Who did something, without naming staff: `operator:ann` is just 'operator'. */
export function actorKind(actor: string): ActorKind {
  if (actor === 'subject' || actor === 'agent') return actor;
  return actor.startsWith('operator:') ? 'operator' : 'system';
}

export const actorText = (kind: ActorKind, text: PageText = english): string => text.t(`actors.${kind}`);
