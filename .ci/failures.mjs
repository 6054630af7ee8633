// Prints the tests that failed in the vitest JSON reports and the browser tests' log given as
// arguments (missing files are skipped), with the first lines of each failure's message.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const firstLines = (text, count = 6) =>
  String(text ?? '')
    .split('\n')
    .slice(0, count)
    .map((line) => `      ${line}`)
    .join('\n');

const lines = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  if (file.endsWith('.json')) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    for (const suite of report.testResults ?? []) {
      const path = relative(process.cwd(), suite.name);
      const failedTests = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
      for (const test of failedTests) {
        lines.push(
          `FAILED ${file}: ${path} > ${test.fullName}`,
          firstLines(test.failureMessages?.[0]),
        );
      }
      if (suite.status === 'failed' && failedTests.length === 0) {
        lines.push(`FAILED ${file}: ${path} (the file itself)`, firstLines(suite.message));
      }
    }
  } else {
    const log = readFileSync(file, 'utf8').split('\n');
    log.forEach((line, index) => {
      if (line.startsWith('FAIL '))
        lines.push(`FAILED ${file}: ${line.slice(5)}`, log[index + 1] ?? '');
    });
  }
}
if (lines.length > 0) console.log(`\n=== what failed ===\n${lines.join('\n')}`);
