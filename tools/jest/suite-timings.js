// A Jest reporter that prints, when the run ends, one row per test file: its
// wall time (Jest's own perfStats, setup included), tests passed/failed and its
// tier, slowest first. It is the table that says where `npm test` spends its time.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

class SuiteTimingsReporter {
  constructor() {
    this.rows = [];
  }

  onTestResult(_test, result) {
    const { start, end } = result.perfStats;
    this.rows.push({
      file: path.relative(root, result.testFilePath),
      seconds: (end - start) / 1000,
      passed: result.numPassingTests,
      failed: result.numFailingTests + (result.testExecError ? 1 : 0),
      skipped: result.numPendingTests + result.numTodoTests,
    });
  }

  onRunComplete() {
    if (this.rows.length === 0) return;
    const rows = [...this.rows].sort((a, b) => b.seconds - a.seconds);
    const width = Math.max(...rows.map((row) => row.file.length), 'suite'.length);
    const total = rows.reduce((sum, row) => sum + row.seconds, 0);
    const lines = [
      '',
      `Per-suite wall time (${rows.length} suites, ${total.toFixed(1)} s in all, one Jest worker)`,
      `${'suite'.padEnd(width)}  ${'seconds'.padStart(8)}  ${'share'.padStart(6)}  passed  failed  skipped`,
      ...rows.map(
        (row) =>
          `${row.file.padEnd(width)}  ${row.seconds.toFixed(1).padStart(8)}  ${`${((100 * row.seconds) / total).toFixed(1)}%`.padStart(6)}  ` +
          `${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${String(row.skipped).padStart(7)}`,
      ),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

module.exports = SuiteTimingsReporter;
