import { RightsflowConfig } from '@rightsflow/config';
import { MessageFacts, MessageKind, OPERATOR_MESSAGES } from '@rightsflow/contracts';
import { MessageCopy } from './blocks';
import { renderLayout, RenderedBodies } from './layout';
import { localeStrings } from './locales';
import { ViewFor } from './message-view';
import { openFacts } from './open-facts';

export type Audience = 'subject' | 'agent' | 'operator';

export interface RenderedMessage extends RenderedBodies {
  audience: Audience;
}

export function audienceOf(kind: MessageKind): Audience {
  if ((OPERATOR_MESSAGES as readonly string[]).includes(kind)) return 'operator';
  return kind === 'agent_received' ? 'agent' : 'subject';
}

export interface RenderInput {
  requestId: string;
  kind: MessageKind;
  facts: MessageFacts;
  /** The request's language; absent (or an operator message): the configured LOCALE. */
  locale?: string;
}

/**
 * Renders one message in the request's language (operators' in the configured
 * one): both bodies and the subject line. Throws MissingFactError/InvalidFactError
 * before anything is sent.
 */
export function renderMessage(
  { requestId, kind, facts, locale }: RenderInput,
  config: RightsflowConfig,
  now = new Date(),
): RenderedMessage {
  const audience = audienceOf(kind);
  const strings = localeStrings(audience !== 'operator' && locale ? locale : config.mail.locale);
  const view = openFacts(kind, facts, { requestId, config, strings, now });
  const template = strings.messages[kind] as (view: ViewFor<typeof kind>) => MessageCopy;
  const bodies = renderLayout(template(view), {
    lang: strings.lang,
    brandName: config.mail.brandName,
    brandColor: config.mail.brandColor,
    greeting: strings.greeting(audience),
    signOff: strings.signOff(view, audience),
    footer: strings.footer(view, audience),
  });
  return { ...bodies, audience };
}
