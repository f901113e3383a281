import type { DsarWorkflowInput, MessageFacts, MessageKind } from '@rightsflow/contracts';
import type { ServiceActivities } from './activities';

/**
 * Sends the request's emails through the notifications outbox. The dedupe key
 * makes each message exactly-once per request, however often an activity is
 * retried or a worker restarts.
 */
export class Messenger {
  constructor(
    private readonly input: DsarWorkflowInput,
    private readonly services: ServiceActivities,
  ) {}

  async toSubject(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): Promise<void> {
    await this.send(kind, { sealedEmail: this.input.sealedSubjectEmail }, facts, dedupeKey);
  }

  async toAgent(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): Promise<void> {
    if (!this.input.sealedAgentEmail) return;
    await this.send(kind, { sealedEmail: this.input.sealedAgentEmail }, facts, `agent:${dedupeKey}`);
  }

  /** Whoever acts for the request: the agent when there is one, else the subject. */
  async toRequester(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): Promise<void> {
    if (this.input.sealedAgentEmail) await this.toAgent(kind, facts, dedupeKey);
    else await this.toSubject(kind, facts, dedupeKey);
  }

  async toOperators(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): Promise<void> {
    await this.send(kind, { operator: true }, facts, `operator:${dedupeKey}`);
  }

  private async send(
    kind: MessageKind,
    to: { sealedEmail: string } | { operator: true },
    facts: MessageFacts,
    dedupeKey: string,
  ) {
    await this.services.notifications.sendMessage({
      requestId: this.input.requestId,
      kind,
      to,
      facts: { requestType: this.input.type, jurisdiction: this.input.jurisdiction, ...facts },
      dedupeKey,
      // A person reads the language they asked in; the privacy team reads the company's.
      ...('sealedEmail' in to && this.input.locale ? { locale: this.input.locale } : {}),
    });
  }
}
