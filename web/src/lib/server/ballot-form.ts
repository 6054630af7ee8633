import { choiceSchema, type CastBallotResponse } from '@cercle/shared';
import type { Fetch } from '../api/client.ts';
import { castBallot } from '../api/polls.ts';
import { problemFromApi, readText, type FormProblem } from '../forms.ts';

/** What a ballot form sent, as the page shows it back next to that form. */
interface BallotFormFields {
  /** The form's suffix: the poll, and the member answered for when it is a proxy's ballot. */
  target: string;
  values: { choice: string; reason: string };
}

export type BallotFormOutcome = BallotFormFields &
  (
    | { ok: false; status: number; problems: FormProblem[] }
    | { ok: true; ballot: CastBallotResponse }
  );

/**
 * Reads a ballot form (`pollId`, `choice`, `reason`, `onBehalfOf`, `clientBallotId`, and
 * `recorded`, the answer the form showed as already counted), checks it and sends the ballot.
 * Every page with ballot forms answers through it; each shows the outcome in its own way.
 */
export async function sendBallotForm(event: {
  request: Request;
  fetch: Fetch;
}): Promise<BallotFormOutcome> {
  const form = await event.request.formData();
  const pollId = readText(form, 'pollId');
  const onBehalfOf = readText(form, 'onBehalfOf');
  const target = onBehalfOf ? `${pollId}-${onBehalfOf}` : pollId;
  const choice = choiceSchema.safeParse(readText(form, 'choice'));
  const reason = readText(form, 'reason');
  const fields = { target, values: { choice: choice.success ? choice.data : '', reason } };
  const choiceField = `choice-${target}`;
  const reasonField = `reason-${target}`;
  if (!choice.success) {
    return {
      ...fields,
      ok: false,
      status: 400,
      problems: [{ field: choiceField, key: 'validation.choiceRequired' }],
    };
  }
  if (choice.data === 'objection' && !reason) {
    return {
      ...fields,
      ok: false,
      status: 400,
      problems: [{ field: reasonField, key: 'validation.objectionReason' }],
    };
  }
  const result = await castBallot(event.fetch, pollId, {
    choice: choice.data,
    ...(reason ? { reason } : {}),
    ...(onBehalfOf ? { onBehalfOf } : {}),
    // The form always carries one; a missing one (a hand-made request) still counts once.
    clientBallotId: readText(form, 'clientBallotId') || globalThis.crypto.randomUUID(),
  });
  if (!result.ok) {
    return {
      ...fields,
      ok: false,
      status: result.status,
      problems: [problemFromApi(result, { choice: choiceField, reason: reasonField })],
    };
  }
  // The server says « changed » for any new ballot id: the answer already recorded, sent again
  // (perhaps with another reason), is « counted », not « changed ».
  const resent =
    result.data.status === 'changed' && result.data.choice === readText(form, 'recorded');
  return {
    ...fields,
    ok: true,
    ballot: resent ? { ...result.data, status: 'counted' } : result.data,
  };
}
