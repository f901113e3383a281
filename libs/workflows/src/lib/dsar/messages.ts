import type { DsarWorkflowInput, MessageFacts, MessageKind, SendMessageInput } from '@rightsflow/contracts';
import type { ServiceActivities } from './activities';

/**
 * Sends the request's emails through the notifications outbox. The dedupe key
 * makes each message exactly-once per request, however often an activity is
 * retried or a worker restarts. A message can also be composed first (the
 * `…Message` methods) and sent later with others in one activity (`send`).
 */
export class Messenger {
  constructor(
    private readonly input: DsarWorkflowInput,
    private readonly services: ServiceActivities,
  ) {}

  /** Whoever acts for the request: the agent when there is one, else the subject. */
  async toRequester(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): Promise<void> {
    await this.send(this.requesterMessage(kind, facts, dedupeKey));
  }

  async toOperators(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): Promise<void> {
    await this.send(this.compose(kind, { operator: true }, facts, `operator:${dedupeKey}`));
  }

  subjectMessage(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): SendMessageInput {
    return this.compose(kind, { sealedEmail: this.input.sealedSubjectEmail }, facts, dedupeKey);
  }

  /** None when the request has no agent. */
  agentMessage(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): SendMessageInput | undefined {
    if (!this.input.sealedAgentEmail) return undefined;
    return this.compose(kind, { sealedEmail: this.input.sealedAgentEmail }, facts, `agent:${dedupeKey}`);
  }

  requesterMessage(kind: MessageKind, facts: MessageFacts, dedupeKey: string = kind): SendMessageInput {
    return this.agentMessage(kind, facts, dedupeKey) ?? this.subjectMessage(kind, facts, dedupeKey);
  }

  /**
   * Sends the messages in their order: one as sendMessage (the activity every
   * run has used), several in one sendMessages (issue 16).
   */
  async send(...messages: (SendMessageInput | undefined)[]): Promise<void> {
    const present = messages.filter((message): message is SendMessageInput => message !== undefined);
    if (present.length === 1) await this.services.notifications.sendMessage(present[0] as SendMessageInput);
    else if (present.length > 1) await this.services.notifications.sendMessages({ messages: present });
  }

  private compose(
    kind: MessageKind,
    to: SendMessageInput['to'],
    facts: MessageFacts,
    dedupeKey: string,
  ): SendMessageInput {
    return {
      requestId: this.input.requestId,
      kind,
      to,
      facts: { requestType: this.input.type, jurisdiction: this.input.jurisdiction, ...facts },
      dedupeKey,
      // A person reads the language they asked in; the privacy team reads the company's.
      ...('sealedEmail' in to && this.input.locale ? { locale: this.input.locale } : {}),
    };
  }
}
