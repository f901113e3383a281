import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { toActivityFailure } from './activity-failure';

/**
 * Nest's default RPC filter turns unknown errors into "Internal server error";
 * this one keeps the error and lets toActivityFailure decide retryability.
 */
@Catch()
export class ActivityExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toActivityFailure(exception));
  }
}
