import { RequestRegistry } from '../registry/request-registry';
import { IntakeService } from './intake.service';
import { WorkflowStartSweeper } from './workflow-start-sweeper';

describe('WorkflowStartSweeper lifecycle', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps on one timer however often Nest calls the bootstrap hook, and not after shutdown', async () => {
    jest.useFakeTimers();
    const findUnstarted = jest.fn().mockResolvedValue([]);
    const sweeper = new WorkflowStartSweeper(
      { findUnstarted } as unknown as RequestRegistry,
      {} as unknown as IntakeService,
    );
    // A hybrid Nest app (HTTP + the activity transport) runs bootstrap hooks twice.
    sweeper.onApplicationBootstrap();
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(findUnstarted).toHaveBeenCalledTimes(1);
    await sweeper.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(findUnstarted).toHaveBeenCalledTimes(1);
  });
});
