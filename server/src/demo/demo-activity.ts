import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
  type Database,
  meetings as meetingsTable,
  motions as motionsTable,
  type User,
} from '@cercle/db';
import type { Choice } from '@cercle/shared';
import { createUsersRepository } from '../modules/auth/users.repository.ts';
import type { CongressService } from '../modules/congress/congress.service.ts';
import type { MeetingsService } from '../modules/meetings/meetings.service.ts';
import type { MinutesService } from '../modules/minutes/minutes.service.ts';
import type { MotionsService } from '../modules/motions/motions.service.ts';
import type { PollsService } from '../modules/polls/polls.service.ts';
import type { Actor } from '../permissions.ts';

/** Found by this title, the antenna's activity is loaded already. */
const markerTitle = 'Un fonds de solidarité entre épiceries';

const day = 86_400_000;

/** A motion of the demo antenna and how far it went, by the people who took it there. */
interface DemoMotion {
  title: string;
  text: string;
  author: string;
  supporters?: string[];
  /** Left a draft (seen by its author only). */
  draft?: boolean;
  withdrawn?: boolean;
  /** Referred by the secretary to this working group (its code). */
  referredTo?: string;
  amendment?: { by: string; text: string; rationale: string };
  /** A vote or consent round opened by the secretary, its answers, and whether it is closed. */
  poll?: {
    kind: 'vote' | 'consent';
    closesInDays: number;
    answers: { by: string; choice: Choice; reason?: string }[];
    closed?: boolean;
  };
}

const demoMotions: DemoMotion[] = [
  {
    title: markerTitle,
    text: 'Les épiceries solidaires d’Occitanie créent un fonds commun, abondé par 1 % de leur chiffre d’affaires, pour aider celle qui traverse une mauvaise passe.\n\nLe fonds est géré par un comité de trois épiceries tirées au sort chaque année.',
    author: 'Inès Martinez',
    supporters: ['Romain Blanc', 'Chloé Henry', 'David Roux'],
    poll: {
      kind: 'vote',
      closesInDays: 7,
      answers: [
        { by: 'Inès Martinez', choice: 'yes' },
        { by: 'Romain Blanc', choice: 'yes' },
        { by: 'Chloé Henry', choice: 'abstain' },
        { by: 'Léa Garcia', choice: 'yes' },
      ],
      closed: true,
    },
  },
  {
    title: 'Réduire de moitié les cotisations des structures',
    text: 'La cotisation des structures adhérentes est divisée par deux dès 2027, sans autre ressource prévue.',
    author: 'Romain Blanc',
    supporters: ['Inès Martinez', 'Chloé Henry', 'Léa Garcia'],
    poll: {
      kind: 'vote',
      closesInDays: 7,
      answers: [
        { by: 'Romain Blanc', choice: 'yes' },
        { by: 'Inès Martinez', choice: 'no' },
        { by: 'Chloé Henry', choice: 'no' },
        { by: 'Léa Garcia', choice: 'no' },
      ],
      closed: true,
    },
  },
  {
    title: 'Calendrier des assemblées 2027',
    text: 'L’antenne se réunit en assemblée le premier samedi de mars, de juin et d’octobre, en alternance à Toulouse et à Montpellier, avec une participation en ligne.',
    author: 'Chloé Henry',
    supporters: ['Inès Martinez', 'Romain Blanc', 'Léa Garcia'],
    poll: {
      kind: 'consent',
      closesInDays: 5,
      answers: [
        { by: 'Inès Martinez', choice: 'consent' },
        {
          by: 'Romain Blanc',
          choice: 'concern',
          reason: 'Penser aux adhérents éloignés : prévoir le covoiturage.',
        },
      ],
    },
  },
  {
    title: 'Charte d’accueil des bénévoles',
    text: 'Chaque structure accueille ses bénévoles avec un entretien, une personne référente et une formation de base dans les trois mois.',
    author: 'Léa Garcia',
    supporters: ['Inès Martinez', 'Romain Blanc', 'Chloé Henry'],
    amendment: {
      by: 'Inès Martinez',
      text: 'Chaque structure accueille ses bénévoles avec un entretien, une personne référente et une formation de base dans les six mois.',
      rationale: 'Trois mois, c’est trop court pour les petites structures.',
    },
  },
  {
    title: 'Ateliers de réparation itinérants',
    text: 'Un atelier de réparation passe chaque mois dans une commune rurale du réseau, avec les ressourceries partenaires.',
    author: 'Lucas Mercier',
    supporters: ['Inès Martinez'],
  },
  {
    title: 'Une monnaie locale occitane',
    text: 'Brouillon : étudier avec les monnaies locales existantes une monnaie commune à la région.',
    author: 'David Roux',
    draft: true,
  },
  {
    title: 'Un guide de la gouvernance partagée',
    text: 'Le mouvement rédige un guide des pratiques de gouvernance partagée, à partir de l’expérience des antennes.',
    author: 'Chloé Henry',
    supporters: ['Inès Martinez'],
    referredTo: 'GOV',
  },
  {
    title: 'Un local commun à Toulouse',
    text: 'L’antenne loue un local commun à Toulouse pour ses réunions et ses permanences.',
    author: 'Romain Blanc',
    withdrawn: true,
  },
];

/** A demo person as the services take them: the user and what they may do, read once. */
function demoPeople(db: Database, userIdOf: (name: string) => string | undefined) {
  const users = createUsersRepository({ db });
  const people = new Map<string, { user: User; actor: Actor }>();
  return async function person(name: string) {
    const known = people.get(name);
    if (known) return known;
    const user = (await users.findById(userIdOf(name)!))!;
    const found = {
      user,
      actor: { isAdmin: user.isAdmin, memberships: await users.membershipsOf(user.id) },
    };
    people.set(name, found);
    return found;
  };
}

/**
 * What a newcomer to the demo sees happening in MES Occitanie: motions in every state (a draft,
 * one short of supporters, one admitted with an amendment, one adopted and one rejected by vote,
 * one referred to a working group, one withdrawn) and a consent round open for five days with answers in. Made through the
 * services, as members would, so every event, count and notification is real. Loaded once:
 * found by the first motion's title.
 */
export async function loadDemoActivity({
  db,
  motions,
  polls,
  antennaId,
  assemblyIdOf,
  userIdOf,
}: {
  db: Database;
  motions: MotionsService;
  polls: PollsService;
  antennaId: string;
  /** The demo's assemblies by code. */
  assemblyIdOf: (code: string) => string | undefined;
  userIdOf: (name: string) => string | undefined;
}) {
  const [loaded] = await db
    .select({ id: motionsTable.id })
    .from(motionsTable)
    .where(and(eq(motionsTable.assemblyId, antennaId), eq(motionsTable.title, markerTitle)));
  if (loaded) return;

  const person = demoPeople(db, userIdOf);
  const secretary = await person('Léa Garcia');

  for (const demo of demoMotions) {
    const author = await person(demo.author);
    const { id } = await motions.create(author.user, author.actor, antennaId, {
      title: demo.title,
      text: demo.text,
      submit: !demo.draft,
    });
    if (demo.draft) continue;
    for (const name of demo.supporters ?? []) {
      const supporter = await person(name);
      await motions.support(supporter.user, supporter.actor, id, true);
    }
    if (demo.withdrawn) await motions.withdraw(author.user, author.actor, id);
    if (demo.referredTo) {
      await motions.refer(secretary.user, secretary.actor, id, assemblyIdOf(demo.referredTo)!);
    }
    if (demo.amendment) {
      const by = await person(demo.amendment.by);
      await motions.amend(by.user, by.actor, id, {
        proposedText: demo.amendment.text,
        rationale: demo.amendment.rationale,
      });
    }
    if (!demo.poll) continue;
    const poll = await polls.create(secretary.user, secretary.actor, {
      motionId: id,
      kind: demo.poll.kind,
      ...(demo.poll.kind === 'vote' ? { rule: 'simple' as const } : {}),
      secret: false,
      closesAt: new Date(Date.now() + demo.poll.closesInDays * day).toISOString(),
    });
    await polls.open(secretary.user, secretary.actor, poll.id);
    for (const answer of demo.poll.answers) {
      const voter = await person(answer.by);
      await polls.cast(voter.user, voter.actor, poll.id, {
        choice: answer.choice,
        clientBallotId: randomUUID(),
        ...(answer.reason ? { reason: answer.reason } : {}),
      });
    }
    if (demo.poll.closed) await polls.closeBy(secretary.user, secretary.actor, poll.id);
  }
}

const meetingTitle = 'Assemblée nationale de printemps';

/** Who sat where in the demo's past national meeting, and how each voted. */
const attendees: { name: string; site: string; choice: Choice }[] = [
  { name: 'Léa Garcia', site: 'MES Occitanie', choice: 'yes' },
  { name: 'David Roux', site: 'MES Occitanie', choice: 'yes' },
  { name: 'Sophie Lefebvre', site: 'ARDES Normandie', choice: 'yes' },
  { name: 'Thomas Leroy', site: 'ARDES Normandie', choice: 'abstain' },
  { name: 'Fatou Diallo', site: 'En ligne', choice: 'yes' },
  { name: 'Jean-Marc Petit', site: 'En ligne', choice: 'no' },
  { name: 'Anne Brunet', site: 'En ligne', choice: 'yes' },
  { name: 'Yann Le Gall', site: 'En ligne', choice: 'yes' },
  { name: 'Samira Kaci', site: 'En ligne', choice: 'yes' },
  { name: 'Josette Marchand', site: 'En ligne', choice: 'yes' },
];

/**
 * A past decentralised meeting of the national assembly, sat in two antennas' rooms and online:
 * people checked in at their site, a motion decided by vote in the meeting, the meeting ended,
 * its minutes drafted from what happened, approved and published. And the congress in progress
 * gets the motion MES Occitanie adopted, forwarded by its secretary. Loaded once: found by the
 * meeting's title.
 */
export async function loadDemoMeeting({
  db,
  motions,
  polls,
  meetings,
  minutes,
  congress,
  nationalId,
  antennaIds,
  congressId,
  userIdOf,
}: {
  db: Database;
  motions: MotionsService;
  polls: PollsService;
  meetings: MeetingsService;
  minutes: MinutesService;
  congress: CongressService;
  nationalId: string;
  /** The antennas whose rooms the meeting sits in. */
  antennaIds: string[];
  congressId: string;
  userIdOf: (name: string) => string | undefined;
}) {
  const [loaded] = await db
    .select({ id: meetingsTable.id })
    .from(meetingsTable)
    .where(and(eq(meetingsTable.assemblyId, nationalId), eq(meetingsTable.title, meetingTitle)));
  if (loaded) return;
  const person = demoPeople(db, userIdOf);
  const secretary = await person('Karim Haddad');
  const hour = 3_600_000;

  const report = await motions.create(secretary.user, secretary.actor, nationalId, {
    title: 'Rapport d’activité 2026',
    text: 'L’assemblée approuve le rapport d’activité 2026 du mouvement : cinq antennes actives, deux groupes de travail, la préparation du congrès 2027.',
    submit: true,
  });
  await motions.admit(secretary.user, secretary.actor, report.id);
  const created = await meetings.create(secretary.user, secretary.actor, nationalId, {
    title: meetingTitle,
    mode: 'hybrid',
    location: '',
    startsAt: new Date(Date.now() - 3 * hour).toISOString(),
    endsAt: new Date(Date.now() - hour).toISOString(),
    antennaIds,
  });
  await meetings.start(secretary.user, secretary.actor, created.id);
  for (const attendee of attendees) {
    const site = created.sites.find((one) => one.name === attendee.site)!;
    await meetings.checkIn(secretary.user, secretary.actor, created.id, {
      userId: userIdOf(attendee.name)!,
      siteId: site.id,
    });
  }
  const poll = await polls.create(secretary.user, secretary.actor, {
    motionId: report.id,
    kind: 'vote',
    rule: 'simple',
    secret: false,
    meetingId: created.id,
  });
  await polls.open(secretary.user, secretary.actor, poll.id);
  for (const attendee of attendees) {
    const voter = await person(attendee.name);
    await polls.cast(voter.user, voter.actor, poll.id, {
      choice: attendee.choice,
      clientBallotId: randomUUID(),
    });
  }
  await polls.closeBy(secretary.user, secretary.actor, poll.id);
  await meetings.end(secretary.user, secretary.actor, created.id, false);
  const drafted = await minutes.create(secretary.user, secretary.actor, created.id, {});
  await minutes.approve(secretary.user, secretary.actor, drafted.id);
  await minutes.publish(secretary.user, secretary.actor, drafted.id);

  // The congress in progress: MES Occitanie forwards the motion it adopted.
  const [adopted] = await db
    .select({ id: motionsTable.id, assemblyId: motionsTable.assemblyId })
    .from(motionsTable)
    .where(eq(motionsTable.title, markerTitle));
  if (adopted) {
    const antennaSecretary = await person('Léa Garcia');
    await congress.forward(antennaSecretary.user, antennaSecretary.actor, congressId, adopted.id);
  }
}
