import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../i18n/messages.ts';
import { sendBallotForm } from './ballot-form.ts';

// Refusals are named by their message key, which exists once the catalogue is loaded.
beforeAll(() => loadCatalogue('fr'));

/** A form post, and a fake API that records what it was sent and answers `answer`. */
function post(fields: Record<string, string>, answer: { status: number; body: unknown }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const sent: { url: string; body: unknown }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    sent.push({ url, body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  }) as typeof globalThis.fetch;
  const request = new Request('http://cercle.test/motions/m1', { method: 'POST', body: form });
  return { event: { request, fetch }, sent };
}

const counted = (choice: string, status = 'counted') => ({
  status: 200,
  body: { status, choice, participation: 3 },
});

describe('sendBallotForm', () => {
  it('asks for a choice, next to that poll’s choices, without sending anything', async () => {
    const { event, sent } = post({ pollId: 'p1', choice: '' }, counted('yes'));
    const outcome = await sendBallotForm(event);
    expect(outcome).toMatchObject({
      ok: false,
      status: 400,
      target: 'p1',
      problems: [{ field: 'choice-p1', key: 'validation.choiceRequired' }],
    });
    expect(sent).toHaveLength(0);
  });

  it('asks for the reason of an objection and keeps the choice made', async () => {
    const { event, sent } = post({ pollId: 'p1', choice: 'objection' }, counted('objection'));
    const outcome = await sendBallotForm(event);
    expect(outcome).toMatchObject({
      ok: false,
      values: { choice: 'objection', reason: '' },
      problems: [{ field: 'reason-p1', key: 'validation.objectionReason' }],
    });
    expect(sent).toHaveLength(0);
  });

  it('sends a proxy’s ballot for the member it carries, and puts refusals on that form', async () => {
    const { event, sent } = post(
      { pollId: 'p1', choice: 'yes', onBehalfOf: 'u2', clientBallotId: 'ballot-123' },
      {
        status: 409,
        body: { error: { code: 'polls.closed', message: 'Closed', field: 'choice' } },
      },
    );
    const outcome = await sendBallotForm(event);
    expect(sent).toEqual([
      {
        url: '/api/polls/p1/ballots',
        body: { choice: 'yes', onBehalfOf: 'u2', clientBallotId: 'ballot-123' },
      },
    ]);
    expect(outcome).toMatchObject({
      ok: false,
      status: 409,
      target: 'p1-u2',
      problems: [{ field: 'choice-p1-u2', key: 'errors.polls.closed' }],
    });
  });

  it('calls the answer already recorded, sent again, counted rather than changed', async () => {
    const again = post(
      { pollId: 'p1', choice: 'no', recorded: 'no', clientBallotId: 'ballot-456' },
      counted('no', 'changed'),
    );
    expect(await sendBallotForm(again.event)).toMatchObject({
      ok: true,
      ballot: { status: 'counted', choice: 'no' },
    });
    const changed = post(
      { pollId: 'p1', choice: 'yes', recorded: 'no', clientBallotId: 'ballot-789' },
      counted('yes', 'changed'),
    );
    expect(await sendBallotForm(changed.event)).toMatchObject({
      ok: true,
      ballot: { status: 'changed', choice: 'yes' },
    });
  });
});
