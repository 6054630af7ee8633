import type { FormProblem } from './forms.ts';
import { t } from './i18n/index.ts';

/** The translated message for one field, for components (it reads the page's locale). */
export function fieldError(problems: readonly FormProblem[], field: string): string | undefined {
  const problem = problems.find((candidate) => candidate.field === field);
  return problem ? t(problem.key, problem.params) : undefined;
}
