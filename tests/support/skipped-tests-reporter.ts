import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Lists, after the run, each test that skipped itself and why (`skip(condition, reason)` in the
 * test): the default reporter shows only "1 skipped" in a file's line, which reads like a test
 * someone turned off. Tests left out by a name filter (`-t`) have no reason and are not listed.
 */
export default class SkippedTestsReporter implements Reporter {
  private readonly skipped: string[] = [];

  onTestCaseResult(test: TestCase) {
    const result = test.result();
    if (result.state !== 'skipped' || !result.note) return;
    const file = relative(process.cwd(), test.module.moduleId);
    this.skipped.push(`  ${file} > ${test.fullName}: ${result.note}`);
  }

  onTestRunEnd() {
    if (this.skipped.length === 0) return;
    console.log(`\nSkipped on this run, and why:\n${this.skipped.join('\n')}\n`);
  }
}
