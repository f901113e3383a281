import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { NotificationActivities, SendMessageResult } from '@rightsflow/contracts';
import { ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { MessageSender } from './message-sender';
import { SendMessageDto, SendMessagesDto } from './send-message.dto';

/**
 * The notifications service's activities (task queue `<prefix>-notifications`).
 * The filter is bound here because bootstrapActivityService registers its global
 * one after connectMicroservice, too late for the Temporal transport: without it
 * Nest's default RPC filter turns every error, non-retryable ones included, into
 * a retryable "[object Object]".
 */
@Controller()
export class NotificationActivitiesController {
  constructor(private readonly sender: MessageSender) {}

  /**
   * Sends one message exactly once per workflow and dedupe key. A permanent
   * SMTP refusal comes back as `failed_permanently` (for the request log), not
   * as a failure; an unreachable server throws, and Temporal retries.
   */
  @ActivityHandler<NotificationActivities>('sendMessage')
  sendMessage(@Payload() input: SendMessageDto, @Ctx() context: TemporalActivityContext): Promise<SendMessageResult> {
    return this.sender.send(input, workflowIdOf(context));
  }

  /** A step's messages in one activity (issue 16), in order, each exactly once as sendMessage would. */
  @ActivityHandler<NotificationActivities>('sendMessages')
  sendMessages(
    @Payload() input: SendMessagesDto,
    @Ctx() context: TemporalActivityContext,
  ): Promise<SendMessageResult[]> {
    return this.sender.sendAll(input.messages, workflowIdOf(context));
  }
}

/** The workflow id, not the run id: a workflow that continues as new keeps its sends. */
function workflowIdOf(context: TemporalActivityContext): string {
  return context.info.workflowExecution?.workflowId ?? `standalone-${context.info.activityId}`;
}
