// Quiets the Temporal SDK's per-worker INFO lines in test output; warnings and
// errors still show. The runtime is per process, so install it only once.
const { Runtime, DefaultLogger } = require('@temporalio/worker');

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed by an earlier test file in this worker process
}
