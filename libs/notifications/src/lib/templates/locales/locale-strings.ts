import type { MessageKind } from '@rightsflow/contracts';
import type { Channel, Jurisdiction, RequestType } from '@rightsflow/domain';
import type { MessageCopy } from '../blocks';
import type { CommonView, ViewFor } from '../message-view';

/**
 * Everything one language says. Adding a language is one more file of this
 * type (and its code in LOCALE's allowed values): the compiler then insists on
 * a template for every kind, each typed with exactly the facts that kind has.
 */
export interface LocaleStrings {
  /** The html lang attribute. */
  lang: string;
  /** Intl locale for dates. */
  dateLocale: string;
  requestTypes: Record<RequestType, string>;
  channels: Record<Channel, string>;
  jurisdictions: Record<Jurisdiction, string>;
  greeting: (audience: 'subject' | 'agent' | 'operator') => string;
  signOff: (view: CommonView, audience: 'subject' | 'agent' | 'operator') => string;
  footer: (view: CommonView, audience: 'subject' | 'agent' | 'operator') => string;
  messages: { [K in MessageKind]: (view: ViewFor<K>) => MessageCopy };
}
