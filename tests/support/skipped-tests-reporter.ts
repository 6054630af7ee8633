import { relative } from 'node:path';
import type { Reporter, TestCase, Vitest } from 'vitest/node';

/**
 * Lists, after the run, each test that was skipped and why: the default reporter shows only
 * "1 skipped" in a file's line, which reads like a test someone turned off. The reason is the
 * test's own (`skip(condition, reason)`) or, for a group skipped as a whole (`describe.skipIf`),
 * the group's title, which says what it needs. Tests left out by a name filter (`-t`) are not
 * listed: nobody turned them off.
 */
export default class SkippedTestsReporter implements Reporter {
  private readonly skipped: string[] = [];
  private filteredByName = false;

  onInit(vitest: Vitest) {
    this.filteredByName = Boolean(vitest.config.testNamePattern);
  }

  onTestCaseResult(test: TestCase) {
    const result = test.result();
    if (result.state !== 'skipped') return;
    const file = relative(process.cwd(), test.module.moduleId);
    if (result.note) this.skipped.push(`  ${file} > ${test.fullName}: ${result.note}`);
    else if (
      !this.filteredByName &&
      test.parent.type === 'suite' &&
      test.parent.options.mode === 'skip'
    ) {
      this.skipped.push(`  ${file} > ${test.fullName}`);
    }
  }

  onTestRunEnd() {
    if (this.skipped.length === 0) return;
    console.log(`\nSkipped on this run, and why:\n${this.skipped.join('\n')}\n`);
  }
}
