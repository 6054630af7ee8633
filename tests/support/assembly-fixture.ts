import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { assemblies, members } from '@cercle/db';
import { addMember, createAssembly, createUser, signIn } from './fixtures.ts';

export interface Person {
  id: string;
  name: string;
  cookie: string;
}

/**
 * An assembly with a secretary and `voters` members holding the voting right, all signed in.
 * `settings` overrides the assembly's decision settings (quorum, rounds, supporters…).
 */
export async function assemblyWithPeople(
  app: FastifyInstance,
  options: { voters?: number; settings?: Partial<typeof assemblies.$inferInsert> } = {},
) {
  const assembly = await createAssembly(app, { name: 'MES Occitanie' });
  await app.db
    .update(assemblies)
    .set({ supportersToAdmit: 0, quorum: 0, ...options.settings })
    .where(eq(assemblies.id, assembly.id));
  const person = async (name: string, role: 'member' | 'secretary' = 'member'): Promise<Person> => {
    const user = await createUser(app, { name });
    await addMember(app, assembly.id, user.id, role);
    return { id: user.id, name, cookie: await signIn(app, user.email) };
  };
  const secretary = await person('Léa Garcia', 'secretary');
  const voters: Person[] = [];
  for (let i = 0; i < (options.voters ?? 3); i += 1) voters.push(await person(`Votant ${i + 1}`));
  return { assembly, secretary, voters, person };
}

export async function withoutVotingRight(app: FastifyInstance, assemblyId: string, userId: string) {
  await app.db.update(members).set({ votingRight: false }).where(eq(members.userId, userId));
  return assemblyId;
}

/** JSON call as a signed-in person; returns status and body. */
export function caller(app: FastifyInstance) {
  return async (
    who: Person,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    payload?: object,
  ) => {
    const response = await app.inject({
      method,
      url,
      headers: { cookie: who.cookie },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  };
}

/** A meeting of the assembly that `secretary` called, started and ended just now. */
export async function endedMeeting(
  app: FastifyInstance,
  {
    secretary,
    assemblyId,
    title = 'Conseil d’automne',
  }: {
    secretary: Person;
    assemblyId: string;
    title?: string;
  },
) {
  const call = caller(app);
  const created = await call(secretary, 'POST', `/api/assemblies/${assemblyId}/meetings`, {
    title,
    mode: 'in_person',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const meetingId = created.body.meeting.id as string;
  await call(secretary, 'POST', `/api/meetings/${meetingId}/start`);
  await call(secretary, 'POST', `/api/meetings/${meetingId}/end`);
  return meetingId;
}

/** A motion `author` submits and a simple-majority vote on it that `secretary` opens. */
export async function openVoteOnNewMotion(
  app: FastifyInstance,
  {
    assemblyId,
    author,
    secretary,
    title,
    secret = false,
    closesAt,
  }: {
    assemblyId: string;
    author: Person;
    secretary: Person;
    title: string;
    secret?: boolean;
    closesAt?: Date;
  },
) {
  const call = caller(app);
  const motion = await call(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title,
    text: 'Texte.',
    submit: true,
  });
  const poll = await call(secretary, 'POST', '/api/polls', {
    motionId: motion.body.motion.id,
    kind: 'vote',
    rule: 'simple',
    secret,
    ...(closesAt ? { closesAt: closesAt.toISOString() } : {}),
  });
  const pollId = poll.body.poll.id as string;
  await call(secretary, 'POST', `/api/polls/${pollId}/open`);
  return pollId;
}
