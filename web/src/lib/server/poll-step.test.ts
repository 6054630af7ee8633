import { describe, expect, it } from 'vitest';
import { runPollStep } from './poll-step.ts';

/** A form post naming `pollId`, and a fake API that refuses with 409. */
function post(pollId: string) {
  const form = new FormData();
  form.set('pollId', pollId);
  const sent: string[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    sent.push(`${init?.method} ${url}`);
    return new Response(
      JSON.stringify({ error: { code: 'polls.not_open', message: 'Not open' } }),
      {
        status: 409,
      },
    );
  }) as typeof globalThis.fetch;
  const request = new Request('http://cercle.test/meetings/m1/console', {
    method: 'POST',
    body: form,
  });
  return { event: { fetch, request }, sent };
}

describe('runPollStep', () => {
  it('opens the poll the form names and says so once done', async () => {
    const { event, sent } = post('p1');
    const step = await runPollStep(event, 'openPoll');
    expect(sent).toEqual(['POST /api/polls/p1/open']);
    expect(step).toMatchObject({ pollId: 'p1', notice: 'poll.openedNotice' });
  });

  it('deletes a prepared poll with the API’s DELETE', async () => {
    const { event, sent } = post('p3');
    const step = await runPollStep(event, 'deletePoll');
    expect(sent).toEqual(['DELETE /api/polls/p3']);
    expect(step).toMatchObject({ pollId: 'p3', notice: 'poll.deletedNotice' });
  });

  it('closes it, handing the API’s refusal back for the page to show on that poll', async () => {
    const { event, sent } = post('p2');
    const step = await runPollStep(event, 'closePoll');
    expect(sent).toEqual(['POST /api/polls/p2/close']);
    expect(step).toMatchObject({
      pollId: 'p2',
      notice: 'poll.closedNotice',
      result: { ok: false, status: 409, code: 'polls.not_open' },
    });
  });
});
