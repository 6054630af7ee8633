/**
 * The attacker of the secret-ballot tests: someone who can read the whole database (a dump, a
 * replica, direct SQL with system columns) and tries to pair the voters of one secret poll or
 * election round with what they answered. What an answer looks like depends on the poll: a
 * motion poll's choice, an election round's selection; the caller says how to find them.
 */
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, queryRows } from '@cercle/db';
import { canonicalJson } from '../../server/src/modules/events/event-hash.ts';

/** A JSON value with JSON strings opened up (columns of type json arrive as text on some engines). */
function opened(value: unknown): unknown {
  if (typeof value === 'string' && (value.startsWith('{') || value.startsWith('['))) {
    try {
      return opened(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(opened);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, opened(item)]));
  }
  return value;
}

/** Every value of a row, JSON columns opened up, as strings (object keys included). */
export function leaves(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (value === null || value === undefined) return into;
  if (typeof value === 'string') {
    into.add(value);
    if (value.startsWith('{') || value.startsWith('[')) {
      try {
        leaves(JSON.parse(value), into);
      } catch {
        // not JSON: the string itself is enough
      }
    }
  } else if (Array.isArray(value)) for (const item of value) leaves(item, into);
  else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      leaves(item, into);
    }
  } else into.add(String(value));
  return into;
}

/** Every object and array inside a value (itself included), JSON strings opened up. */
export function nested(value: unknown, into: unknown[] = []): unknown[] {
  const open = opened(value);
  if (open && typeof open === 'object' && !(open instanceof Date)) {
    into.push(open);
    for (const item of Object.values(open)) nested(item, into);
  }
  return into;
}

export interface DumpedRow {
  table: string;
  xmin: string;
  ctid: string;
  position: number;
  values: Set<string>;
  /** The row's values, JSON opened up. */
  json: unknown[];
}

/** What an administrator sees: every row of every table, with its system columns, in heap order. */
export async function dump(database: DatabaseHandle): Promise<DumpedRow[]> {
  const tables = await queryRows<{ table_name: string }>(
    database.db,
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const rows: DumpedRow[] = [];
  for (const { table_name } of tables) {
    const found = await queryRows<Record<string, unknown>>(
      database.db,
      sql`select xmin::text as "__xmin", ctid::text as "__ctid", t.* from ${sql.identifier(table_name)} t`,
    );
    found.forEach(({ __xmin, __ctid, ...row }, position) =>
      rows.push({
        table: table_name,
        xmin: String(__xmin),
        ctid: String(__ctid),
        position,
        values: leaves(Object.values(row)),
        json: Object.values(row).map(opened),
      }),
    );
  }
  return rows;
}

/** Finds the answers a value holds, by their label (a choice, a selection's name in the test). */
export type AnswerFinder = (value: unknown) => string[];

/** A motion poll's choices: any string leaf equal to one of them. */
export const choicesAmong =
  (choices: readonly string[]): AnswerFinder =>
  (value) => {
    const found = leaves(value);
    return choices.filter((choice) => found.has(choice));
  };

/** An election round's selections: any object in the value equal to one of them (canonically). */
export const selectionsAmong = (selections: Record<string, object>): AnswerFinder => {
  const byForm = new Map(Object.entries(selections).map(([label, s]) => [canonicalJson(s), label]));
  return (value) => [
    ...new Set(nested(value).flatMap((inner) => byForm.get(canonicalJson(inner)) ?? [])),
  ];
};

/**
 * The attacker: tries to pair the rows that name a voter of the poll with rows that hold one
 * answer of it (a ballot-like row), by every route the database offers: the same row, the same
 * transaction (xmin), the order of the rows (xmin, ctid, heap order) table by table, and a cell
 * of counts (an answer with the ids beside it, such as a site or a college) that only one voter
 * shares. Scores each pairing against the truth; returns the best share of voters it got right
 * and how. Rows holding several answers (counts) cannot attribute an answer to anyone by
 * themselves and are left out of the row routes.
 */
export function bestPairing(
  rows: DumpedRow[],
  truth: Map<string, string>,
  pollId: string,
  answersIn: AnswerFinder,
): { accuracy: number; route: string } {
  const voters = [...truth.keys()];
  const votersIn = (row: DumpedRow) => voters.filter((voter) => row.values.has(voter));
  const answersOf = (row: DumpedRow) => answersIn(row.json);
  const ofPoll = rows.filter((row) => row.values.has(pollId));
  const naming = ofPoll.filter((row) => votersIn(row).length === 1);
  const choosing = ofPoll.filter((row) => answersOf(row).length === 1);
  let best = { accuracy: 0, route: 'none' };
  const score = (guesses: Map<string, string>, route: string) => {
    const right = [...guesses].filter(([voter, answer]) => truth.get(voter) === answer).length;
    if (right / voters.length > best.accuracy) best = { accuracy: right / voters.length, route };
  };

  // The same row, or rows written by the same transaction.
  const sameRow = new Map<string, string>();
  const sameTransaction = new Map<string, string>();
  for (const row of choosing) {
    const answer = answersOf(row)[0]!;
    for (const voter of votersIn(row)) sameRow.set(voter, answer);
    const written = naming.filter((other) => other.xmin === row.xmin);
    const who = new Set(written.flatMap(votersIn));
    if (who.size === 1) sameTransaction.set([...who][0]!, answer);
  }
  score(sameRow, 'same row');
  score(sameTransaction, 'same transaction (xmin)');

  // The order of the rows: a table naming voters against a table of single answers.
  const byTable = (list: DumpedRow[]) => {
    const tables = new Map<string, DumpedRow[]>();
    for (const row of list) tables.set(row.table, [...(tables.get(row.table) ?? []), row]);
    return tables;
  };
  const orders: [string, (row: DumpedRow) => string | number][] = [
    ['xmin', (row) => Number(row.xmin)],
    ['ctid', (row) => row.ctid.replace(/\d+/g, (n) => n.padStart(10, '0'))],
    ['heap order', (row) => row.position],
  ];
  for (const [namingTable, people] of byTable(naming)) {
    for (const [choosingTable, answers] of byTable(choosing)) {
      for (const [order, key] of orders) {
        const sort = (list: DumpedRow[]) =>
          [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
        const sortedAnswers = sort(answers);
        const guesses = new Map<string, string>();
        sort(people).forEach((row, index) => {
          const answer = sortedAnswers[index];
          if (answer) guesses.set(votersIn(row)[0]!, answersOf(answer)[0]!);
        });
        score(guesses, `${order} order of ${namingTable} against ${choosingTable}`);
      }
    }
  }

  // A cell of counts: an object holding one answer and ids (a site, a college) that the rows
  // naming exactly one voter of the poll also hold. Ids are long strings: counts and keys are not.
  const attributes = new Map(
    voters.map((voter) => [
      voter,
      new Set(naming.filter((row) => row.values.has(voter)).flatMap((row) => [...row.values])),
    ]),
  );
  const known = new Set([...attributes.values()].flatMap((set) => [...set]));
  const byCell = new Map<string, string>();
  for (const row of ofPoll) {
    for (const cell of nested(row.json)) {
      const answers = answersIn(cell);
      if (answers.length !== 1) continue;
      const ids = [...leaves(cell)].filter(
        (value) => value.length >= 16 && value !== pollId && known.has(value),
      );
      const sharing = voters.filter((voter) => ids.every((id) => attributes.get(voter)!.has(id)));
      if (sharing.length === 1) byCell.set(sharing[0]!, answers[0]!);
    }
  }
  score(byCell, 'a cell of counts only one voter shares');
  return best;
}
