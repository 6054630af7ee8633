/**
 * Accessibility, as the issue « Experience quality » asks: axe-core finds no serious or critical
 * violation on any page, for each kind of reader, and focus is always visible. The data is set
 * up through the API, in an assembly of its own; the keyboard journey goes on from it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { assertNone, auditPages } from '../a11y.ts';
import {
  adminSession,
  callApi,
  createAntenna,
  credentials,
  invitedMember,
  nationalAssembly,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import {
  admittedMotion,
  checkIn,
  congressCallingForMotions,
  currentDecisionItem,
  simpleVote,
  startedMeeting,
} from '../setup.ts';

interface Person {
  email: string;
  password: string;
  name: string;
  context: BrowserContext;
  id: string;
}

export interface A11yState {
  adminContext: BrowserContext;
  /** The set-up's sessions, closed by the keyboard journey's last test. */
  opened: BrowserContext[];
  assemblyId: string;
  assemblyName: string;
  member: Person;
  secretary: Person;
  /** An invitation nobody accepted: its page is read signed out. */
  invitationToken: string;
  /** Objected once, then edited and amended: objections, versions, diffs and a comment. */
  editedMotionId: string;
  /** An open asynchronous vote. */
  votingMotionId: string;
  liveMeetingId: string;
  livePollId: string;
  checkInCode: string;
  endedMeetingId: string;
  minutesId: string;
  congressId: string;
}

/**
 * An assembly with a secretary and members; a motion objected to, edited, amended and commented;
 * an open vote; a live meeting voting on its current item; an ended meeting with drafted minutes;
 * a congress in its call for motions with the member as a delegate.
 */
async function accessibilityAssembly(kit: ScenarioKit): Promise<A11yState> {
  const adminContext = await adminSession(kit);
  const opened = [adminContext];
  const assemblyName = 'MES Normandie';
  const assemblyId = await createAntenna(adminContext, {
    name: assemblyName,
    code: `A${runId}`,
    settings: { quorum: 0 },
  });

  const join = async (key: string, name: string, role: 'member' | 'secretary'): Promise<Person> => {
    const who = `a11y.${key}.${runId}`;
    const context = await invitedMember(kit, adminContext, assemblyId, { name, who, role });
    opened.push(context);
    const me = await callApi<{ user: { id: string } }>(context, 'GET', '/api/auth/me');
    return { ...credentials(who), name, context, id: me.user.id };
  };
  const secretary = await join('secretary', 'Louise Bernard', 'secretary');
  const member = await join('member', 'Théo Petit', 'member');
  const objector = await join('objector', 'Rose Lambert', 'member');
  const { invitationLink } = await callApi<{ invitationLink: string }>(
    adminContext,
    'POST',
    `/api/assemblies/${assemblyId}/members`,
    { email: credentials(`a11y.invited.${runId}`).email, name: 'Jules Martin', role: 'member' },
  );
  const invitationToken = new URL(invitationLink).pathname.split('/').pop() ?? '';

  // A motion the member proposes, admitted, objected to in a consent round, then edited.
  const editedMotionId = await admittedMotion(
    secretary.context,
    assemblyId,
    {
      title: 'Des jardins partagés dans chaque antenne',
      text: 'Chaque antenne ouvre un **jardin partagé**.\n\n- Les adhérents le cultivent ensemble.',
    },
    member.context,
  );
  const round = await callApi<{ poll: { id: string } }>(secretary.context, 'POST', '/api/polls', {
    motionId: editedMotionId,
    kind: 'consent',
  });
  await callApi(secretary.context, 'POST', `/api/polls/${round.poll.id}/open`);
  await callApi(objector.context, 'POST', `/api/polls/${round.poll.id}/ballots`, {
    choice: 'objection',
    reason: 'Qui fournit les terrains ? Le texte ne le dit pas.',
    clientBallotId: randomUUID(),
  });
  await callApi(member.context, 'POST', `/api/polls/${round.poll.id}/ballots`, {
    choice: 'consent',
    clientBallotId: randomUUID(),
  });
  await callApi(secretary.context, 'POST', `/api/polls/${round.poll.id}/close`);
  await callApi(secretary.context, 'PATCH', `/api/motions/${editedMotionId}`, {
    text:
      'Chaque antenne ouvre un **jardin partagé**.\n\n- Les adhérents le cultivent ensemble.\n' +
      '- La mairie ou un adhérent prête le terrain.',
    note: 'Répond à l’objection de Rose Lambert.',
  });
  // Pending, an amendment would hold back any new poll: this motion's polls are done.
  await callApi(objector.context, 'POST', `/api/motions/${editedMotionId}/amendments`, {
    proposedText: 'Chaque antenne ouvre un jardin partagé et un verger.',
    rationale: 'Les arbres fruitiers demandent peu de soin.',
  });
  await callApi(objector.context, 'POST', `/api/motions/${editedMotionId}/comments`, {
    text: 'Qui arrose en août ?',
  });

  // A motion with an open asynchronous vote.
  const votingMotionId = await admittedMotion(
    secretary.context,
    assemblyId,
    {
      title: 'Une lettre d’information trimestrielle',
      text: 'L’antenne publie une lettre d’information chaque trimestre.',
    },
    objector.context,
  );
  const votePollId = await simpleVote(secretary.context, votingMotionId);
  await callApi(secretary.context, 'POST', `/api/polls/${votePollId}/open`);

  // A live online meeting whose current item is put to the vote: the member votes by keyboard.
  const meetingMotionId = await admittedMotion(secretary.context, assemblyId, {
    title: 'Un local commun pour les associations',
    text: 'L’antenne loue un local partagé par ses associations.',
  });
  const live = await startedMeeting(secretary.context, assemblyId, {
    title: 'AG de printemps',
    mode: 'online',
  });
  const checkInCode = live.code('En ligne');
  await currentDecisionItem(secretary.context, live.id, {
    title: 'Local commun',
    durationMinutes: 15,
    motionId: meetingMotionId,
  });
  const livePollId = await simpleVote(secretary.context, meetingMotionId, { meetingId: live.id });
  await checkIn([secretary.context], live.id, checkInCode);
  await callApi(secretary.context, 'POST', `/api/polls/${livePollId}/open`);

  // An ended meeting with drafted minutes: the secretary's editor, later published.
  const ended = await startedMeeting(secretary.context, assemblyId, {
    title: 'AG d’hiver',
    mode: 'online',
  });
  // Someone present: the minutes then carry an attendance table, wider than a phone.
  await checkIn([secretary.context], ended.id, ended.code('En ligne'));
  await callApi(secretary.context, 'POST', `/api/meetings/${ended.id}/end`);
  const { minutes } = await callApi<{ minutes: { id: string } }>(
    secretary.context,
    'POST',
    `/api/meetings/${ended.id}/minutes`,
    {},
  );

  // A congress in its call for motions, the member one of its delegates.
  const congress = await congressCallingForMotions(adminContext, {
    name: 'Congrès de l’accessibilité',
    code: `C${runId}`,
    parentId: await nationalAssembly(adminContext),
  });
  await callApi(adminContext, 'POST', `/api/assemblies/${congress.id}/members`, {
    email: member.email,
    name: member.name,
    role: 'member',
  });
  await callApi(member.context, 'POST', `/api/assemblies/${congress.id}/motions`, {
    title: 'Des outils libres pour le mouvement',
    text: 'Le mouvement préfère les logiciels libres.',
    submit: true,
  });

  return {
    adminContext,
    opened,
    assemblyId,
    assemblyName,
    member,
    secretary,
    invitationToken,
    editedMotionId,
    votingMotionId,
    liveMeetingId: live.id,
    livePollId,
    checkInCode,
    endedMeetingId: ended.id,
    minutesId: minutes.id,
    congressId: congress.id,
  };
}

/** Registers the set-up and the page audits; returns how the keyboard journey reads the set-up. */
export function defineAccessibilityJourney(kit: ScenarioKit): () => A11yState {
  const { newContext, test } = kit;
  let state: A11yState | undefined;
  const ready = () => {
    assert.ok(state, 'the accessibility scenario is set up');
    return state;
  };

  test('accessibility: an assembly with a secretary and members, motions, a live meeting, minutes and a congress (API)', async () => {
    state = await accessibilityAssembly(kit);
  });

  test('axe: the admin’s pages have no serious or critical violation, focus is visible', async () => {
    const { adminContext: context, assemblyId, congressId } = ready();
    // The admin's API session becomes a browser one; pages in French, as a fresh reader's.
    await callApi(context, 'PATCH', '/api/auth/me', { locale: 'fr' });
    assertNone(
      await auditPages(context, 'admin', [
        '/',
        '/admin',
        '/admin/assemblies/new',
        '/movement',
        `/assemblies/${assemblyId}/edit`,
        // The admin prepares congresses: the timeline's date forms, the compositing form.
        `/congresses/${congressId}`,
        `/congresses/${congressId}/motions`,
      ]),
    );
  });

  test('axe: the secretary’s pages have no serious or critical violation, focus is visible', async () => {
    const s = ready();
    const pages = [
      `/assemblies/${s.assemblyId}`,
      `/assemblies/${s.assemblyId}/invite`,
      `/assemblies/${s.assemblyId}/import`,
      `/assemblies/${s.assemblyId}/members`,
      `/assemblies/${s.assemblyId}/members/${s.member.id}`,
      `/assemblies/${s.assemblyId}/members/${s.member.id}/remove`,
      `/assemblies/${s.assemblyId}/meetings/new`,
      `/motions/${s.editedMotionId}`,
      `/motions/${s.editedMotionId}/objections`,
      `/motions/${s.editedMotionId}/edit`,
      `/motions/${s.editedMotionId}/polls/new`,
      `/motions/${s.votingMotionId}`,
      `/meetings/${s.liveMeetingId}`,
      `/meetings/${s.liveMeetingId}/console`,
      `/meetings/${s.liveMeetingId}/projector`,
      `/meetings/${s.endedMeetingId}`,
      `/minutes/${s.minutesId}`,
      // The federation's memory: search with results, the register, the audit trail in words.
      `/search?q=${encodeURIComponent('jardins')}`,
      '/decisions',
      `/assemblies/${s.assemblyId}/audit`,
    ];
    const problems = await auditPages(s.secretary.context, 'secretary', pages);
    // Published, the minutes show the erratum form instead of the editor.
    await callApi(s.secretary.context, 'POST', `/api/minutes/${s.minutesId}/approve`);
    await callApi(s.secretary.context, 'POST', `/api/minutes/${s.minutesId}/publish`);
    problems.push(
      ...(await auditPages(s.secretary.context, 'secretary', [`/minutes/${s.minutesId}`])),
    );
    assertNone(problems);
  });

  test('axe: a member’s pages have no serious or critical violation, focus is visible', async () => {
    const s = ready();
    assertNone(
      await auditPages(s.member.context, 'member', [
        '/',
        '/movement',
        '/notifications',
        '/account',
        '/account/my-data',
        `/search?q=${encodeURIComponent('jardins')}`,
        `/search?q=${encodeURIComponent('mot introuvable quelque part')}`,
        '/decisions',
        `/assemblies/${s.assemblyId}/audit`,
        '/locale',
        '/logout',
        `/assemblies/${s.assemblyId}`,
        `/assemblies/${s.assemblyId}/members`,
        `/assemblies/${s.assemblyId}/motions`,
        `/assemblies/${s.assemblyId}/motions/new`,
        `/motions/${s.editedMotionId}`,
        `/motions/${s.editedMotionId}/diff`,
        `/motions/${s.editedMotionId}/objections`,
        `/motions/${s.votingMotionId}`,
        `/motions/${s.votingMotionId}/diff`,
        `/meetings/${s.endedMeetingId}`,
        `/minutes/${s.minutesId}`,
        `/congresses/${s.congressId}`,
        `/congresses/${s.congressId}/motions`,
        `/congresses/${s.congressId}/mandates`,
        `/congresses/${s.congressId}/publication`,
        '/motions/does-not-exist',
      ]),
    );
  });

  test('axe: signed-out pages have no serious or critical violation, focus is visible', async () => {
    const s = ready();
    const context = await newContext({ javaScriptEnabled: true });
    try {
      assertNone(
        await auditPages(context, 'signed out', [
          '/login',
          '/setup',
          '/password-reset',
          '/password-reset/a-link-token-nobody-checked',
          '/unsubscribe/a-link-token-nobody-checked',
          '/locale',
          `/invitations/${s.invitationToken}`,
          `/minutes/${s.minutesId}`,
          '/does-not-exist',
        ]),
      );
    } finally {
      await context.close();
    }
  });

  return ready;
}
