import type { DenialBasis } from '@rightsflow/contracts';

export type OperatorRole = 'viewer' | 'approver';

export interface OperatorListing {
  name: string;
  role: OperatorRole;
  createdAt: string;
  revokedAt?: string;
}

/** A refusal of the operator API, with its status and the API's own words. */
export class OperatorApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OperatorApiError';
  }
}

/**
 * The intake service's operator API, called with one bearer token: an
 * operator's own (request actions: the operator is the token's, never a name
 * typed here) or the bootstrap token (managing operators).
 */
export class OperatorApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  approve(requestId: string, note?: string): Promise<{ status: string }> {
    return this.call('POST', `requests/${encodeURIComponent(requestId)}/approve`, note ? { note } : {});
  }

  deny(requestId: string, input: { reason: string; basis?: DenialBasis }): Promise<{ status: string }> {
    return this.call('POST', `requests/${encodeURIComponent(requestId)}/deny`, input);
  }

  extend(requestId: string, reason: string): Promise<{ dueAt: string }> {
    return this.call('POST', `requests/${encodeURIComponent(requestId)}/extend`, { reason });
  }

  completeTask(requestId: string, task: string, note?: string): Promise<{ openTasks: string[] }> {
    return this.call('POST', `requests/${encodeURIComponent(requestId)}/complete-task`, { task, ...(note ? { note } : {}) });
  }

  withdraw(requestId: string, by: 'subject' | 'agent'): Promise<{ status: string }> {
    return this.call('POST', `requests/${encodeURIComponent(requestId)}/withdraw`, { by });
  }

  addOperator(name: string, role: OperatorRole): Promise<{ name: string; role: OperatorRole; token: string }> {
    return this.call('POST', 'operators', { name, role });
  }

  listOperators(): Promise<OperatorListing[]> {
    return this.call('GET', 'operators');
  }

  revokeOperator(name: string): Promise<{ name: string; revoked: number }> {
    return this.call('DELETE', `operators/${encodeURIComponent(name)}`);
  }

  private async call<T>(method: string, path: string, body?: object): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1/operator/${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).catch((error: Error) => {
      throw new Error(`intake's operator API at ${this.baseUrl} is not reachable (${error.message}); is Rightsflow running?`);
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const message = (parsed as { message?: string | string[] } | undefined)?.message;
      throw new OperatorApiError(response.status, `${response.status}: ${Array.isArray(message) ? message.join('; ') : (message ?? response.statusText)}`);
    }
    return parsed as T;
  }
}
