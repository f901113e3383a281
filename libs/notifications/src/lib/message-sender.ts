import { Inject, Injectable, Logger } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { OPERATOR_MESSAGES, SendMessageResult } from '@rightsflow/contracts';
import { RIGHTSFLOW_CONFIG, unseal } from '@rightsflow/platform';
import { ApplicationFailure } from '@temporalio/common';
import { SmtpMailer } from './mail/smtp-mailer';
import { Outbox } from './outbox/outbox';
import { outboxKey, stableMessageId } from './outbox/outbox-key';
import { SendMessageDto } from './send-message.dto';
import { InvalidFactError, MissingFactError } from './templates/open-facts';
import { renderMessage, RenderedMessage } from './templates/render-message';

/** A message rendered and addressed, ready for the outbox. */
interface PreparedMessage {
  input: SendMessageDto;
  message: RenderedMessage;
  to: string;
  key: string;
}

/** Non-retryable failure type: the message can never be sent as asked (a bug in the caller). */
export const RECIPIENT_ERROR = 'RecipientError';

/**
 * One message, start to end: render it (refusing missing facts before anything
 * is stored), open the recipient, then hand it to the outbox, which sends it
 * at most once per idempotency key. Logs carry the request id, the kind and
 * the outbox id: never an address.
 */
@Injectable()
export class MessageSender {
  private readonly logger = new Logger(MessageSender.name);

  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    private readonly outbox: Outbox,
    private readonly mailer: SmtpMailer,
  ) {}

  /** `workflowId` + the input's dedupe key (or kind) is the idempotency key. */
  async send(input: SendMessageDto, workflowId: string): Promise<SendMessageResult> {
    return this.deliver(this.prepare(input, workflowId));
  }

  /**
   * Several messages in their order, each exactly once as `send` would. All are
   * rendered and their recipients opened first, so a message that can never be
   * sent refuses the batch before any of it leaves; a retry after a partial
   * batch finds the messages already sent in the outbox and sends only the rest.
   */
  async sendAll(inputs: SendMessageDto[], workflowId: string): Promise<SendMessageResult[]> {
    const prepared = inputs.map((input) => this.prepare(input, workflowId));
    const results: SendMessageResult[] = [];
    for (const message of prepared) results.push(await this.deliver(message));
    return results;
  }

  private prepare(input: SendMessageDto, workflowId: string): PreparedMessage {
    const message = this.render(input);
    const to = this.recipientAddress(input);
    const key = outboxKey(workflowId, input.dedupeKey ?? input.kind);
    return { input, message, to, key };
  }

  private async deliver({ input, message, to, key }: PreparedMessage): Promise<SendMessageResult> {
    const entry = {
      key,
      requestId: input.requestId,
      kind: input.kind,
      messageId: stableMessageId(key, this.config.mail.from),
    };
    const result = await this.outbox.deliverOnce(entry, (messageId) =>
      this.mailer.deliver({
        to,
        // Subjects and agents may answer a person; operator alerts need no reply path.
        replyTo: message.audience === 'operator' ? undefined : this.config.mail.replyTo || undefined,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId,
        headers: {
          // RFC 3834: an automatic message; out-of-office replies should not answer it.
          'Auto-Submitted': 'auto-generated',
          'X-Rightsflow-Request': input.requestId,
          'X-Rightsflow-Message': input.kind,
        },
      }),
    );
    this.logger.log(`${input.kind} for request ${input.requestId}: ${result.status} (outbox ${result.outboxId})`);
    return result;
  }

  private render(input: SendMessageDto): RenderedMessage {
    try {
      return renderMessage(input, this.config);
    } catch (error) {
      if (error instanceof MissingFactError || error instanceof InvalidFactError) {
        throw ApplicationFailure.nonRetryable(error.message, error.name);
      }
      throw error;
    }
  }

  private recipientAddress({ kind, to }: SendMessageDto): string {
    if (to.operator !== undefined && to.sealedEmail !== undefined) {
      throw ApplicationFailure.nonRetryable(
        'to is either { sealedEmail } or { operator: true }, not both',
        RECIPIENT_ERROR,
      );
    }
    const forOperators = (OPERATOR_MESSAGES as readonly string[]).includes(kind);
    if (forOperators !== (to.operator === true)) {
      throw ApplicationFailure.nonRetryable(
        `${kind} goes to ${forOperators ? '{ operator: true }' : '{ sealedEmail }'}`,
        RECIPIENT_ERROR,
      );
    }
    if (forOperators) return this.config.mail.operatorEmail;
    try {
      return unseal(this.config.secrets.encryptionKey, to.sealedEmail ?? '');
    } catch {
      throw ApplicationFailure.nonRetryable(
        'to.sealedEmail cannot be opened with this service’s encryption key',
        RECIPIENT_ERROR,
      );
    }
  }
}
