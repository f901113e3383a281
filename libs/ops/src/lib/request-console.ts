import {
  ApproveInput,
  CompleteTaskInput,
  DenyInput,
  DSAR_WORKFLOW,
  DsarDueAt,
  dsarMessages,
  DsarOverdue,
  DsarState,
  DsarStatus,
  DsarType,
  dsarWorkflowId,
  ExtendInput,
} from '@rightsflow/contracts';
import { Client } from '@temporalio/client';

export interface RequestSummary {
  requestId: string;
  status: string;
  type: string;
  dueAt: string;
  overdue: boolean;
}

/**
 * Requests as the Temporal UI shows them, through the Temporal client (with
 * the payload codec): the list, the `state` query. Its updates send what the
 * Temporal UI sends, a typed name the request log marks as unauthenticated;
 * the ops CLI acts through OperatorApi instead. Nothing here reads a database.
 */
export class RequestConsole {
  constructor(private readonly client: Client) {}

  /** Open requests by due date; `overdue` keeps only those past it. */
  async listOpen({ overdue = false } = {}): Promise<RequestSummary[]> {
    const query = `WorkflowType = "${DSAR_WORKFLOW}" AND ExecutionStatus = "Running"${overdue ? ' AND DsarOverdue = true' : ''}`;
    const found: RequestSummary[] = [];
    for await (const execution of this.client.workflow.list({ query })) {
      const attributes = execution.typedSearchAttributes;
      found.push({
        requestId: execution.workflowId.replace(/^dsar-/, ''),
        status: attributes.get(DsarStatus) ?? '?',
        type: attributes.get(DsarType) ?? '?',
        dueAt: attributes.get(DsarDueAt)?.toISOString() ?? '?',
        overdue: attributes.get(DsarOverdue) ?? false,
      });
    }
    // Sorted here: the dev server's SQLite visibility store has no ORDER BY.
    return found.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  state(requestId: string): Promise<DsarState> {
    return this.handle(requestId).query<DsarState>(dsarMessages.state);
  }

  approve(requestId: string, input: ApproveInput): Promise<string> {
    return this.handle(requestId).executeUpdate<string, [ApproveInput]>(dsarMessages.approve, { args: [input] });
  }

  deny(requestId: string, input: DenyInput): Promise<string> {
    return this.handle(requestId).executeUpdate<string, [DenyInput]>(dsarMessages.deny, { args: [input] });
  }

  extend(requestId: string, input: ExtendInput): Promise<{ dueAt: string }> {
    return this.handle(requestId).executeUpdate<{ dueAt: string }, [ExtendInput]>(dsarMessages.extend, {
      args: [input],
    });
  }

  completeTask(requestId: string, input: CompleteTaskInput): Promise<string[]> {
    return this.handle(requestId).executeUpdate<string[], [CompleteTaskInput]>(dsarMessages.completeTask, {
      args: [input],
    });
  }

  private handle(requestId: string) {
    return this.client.workflow.getHandle(dsarWorkflowId(requestId));
  }
}
