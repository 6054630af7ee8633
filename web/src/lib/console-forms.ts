// No server imports: the console's components read this in the browser.
import type { FormProblem } from './forms.ts';
import type { MessageKey } from './i18n/messages.ts';
import { answerFor } from './form-answer.ts';

/** The console's form answer (the server's `MeetingActionState`, as the browser sees it). */
export interface ConsoleAnswer {
  action: string;
  target: string | null;
  problems: FormProblem[];
  values: Record<string, string>;
  notice: MessageKey | null;
  confirming?: boolean;
}

/** The console's three columns; each shows the answers to its own forms, where they were sent. */
export type ConsoleColumn = 'meeting' | 'agenda' | 'floor' | 'room';

const columnOf: Readonly<Record<string, ConsoleColumn>> = {
  start: 'meeting',
  end: 'meeting',
  cancel: 'meeting',
  setCurrent: 'agenda',
  moveItem: 'agenda',
  note: 'agenda',
  addItem: 'agenda',
  checkInMember: 'room',
  siteCounts: 'room',
  draftMinutes: 'room',
};

/**
 * Reads the answer to the form just sent for the console's panels. Everything here depends on
 * the answer alone, never on the page data: a live reload (someone checks in, a ballot) must not
 * show an answer again, take the focus to it, or put typed values back.
 */
export class ConsoleForms {
  readonly #answer: () => ConsoleAnswer | null | undefined;

  constructor(answer: () => ConsoleAnswer | null | undefined) {
    this.#answer = answer;
  }

  get answer(): ConsoleAnswer | null | undefined {
    return this.#answer();
  }

  stateFor(action: string, target: string | null = null): ConsoleAnswer | undefined {
    return answerFor(this.#answer(), action, target);
  }

  /** The problems of that form; the same array as long as the answer stays. */
  problemsFor(action: string, target: string | null = null): readonly FormProblem[] {
    return this.stateFor(action, target)?.problems ?? noProblems;
  }

  valuesFor(action: string, target: string | null = null): Record<string, string> {
    return this.stateFor(action, target)?.values ?? {};
  }

  /** The answer's notice or problems, when its form belongs to that column. */
  answerIn(column: ConsoleColumn): ConsoleAnswer | undefined {
    const answer = this.#answer();
    if (!answer || answer.confirming) return undefined;
    return (columnOf[answer.action] ?? 'floor') === column ? answer : undefined;
  }
}

const noProblems: readonly FormProblem[] = Object.freeze([]);
