import type { Database, User } from '@cercle/db';
import {
  type AssemblyKind,
  type CongressPhase,
  congressPhases,
  type MemberRole,
} from '@cercle/shared';
import { createAssembliesRepository } from '../modules/assemblies/assemblies.repository.ts';
import { createAssembliesService } from '../modules/assemblies/assemblies.service.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import { hashPassword } from '../modules/auth/passwords.ts';
import { createUsersRepository } from '../modules/auth/users.repository.ts';
import { createCongressRepository } from '../modules/congress/congress.repository.ts';
import type { MotionsService } from '../modules/motions/motions.service.ts';
import type { PollsService } from '../modules/polls/polls.service.ts';
import type { CongressService } from '../modules/congress/congress.service.ts';
import type { MeetingsService } from '../modules/meetings/meetings.service.ts';
import type { MinutesService } from '../modules/minutes/minutes.service.ts';
import { loadDemoActivity, loadDemoMeeting } from './demo-activity.ts';
import { loadDemoElection } from './demo-election.ts';
import { addMembership } from '../modules/members/add-membership.ts';
import {
  createMembersRepository,
  type MembershipValues,
} from '../modules/members/members.repository.ts';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

// Public on purpose: the demo runs on a laptop for trying Cercle out, never in production.
export const demoPassword = 'cercle-demo-2026';
const domain = 'mes-demo.example.org';

interface DemoAssembly {
  code: string;
  kind: AssemblyKind;
  name: string;
  parent?: string;
  description: string;
}

// The MES structure from its own documents (shared/context): the national permanent assembly,
// the five territorial networks as antennas, and two working groups.
const demoAssemblies: DemoAssembly[] = [
  {
    code: 'NAT',
    kind: 'national',
    name: "Mouvement pour l'Économie Solidaire — AG permanente",
    description:
      "L'assemblée générale permanente et décentralisée du MES : réseaux territoriaux, réseaux nationaux et sectoriels, citoyennes et citoyens engagés.",
  },
  {
    code: 'NOR',
    kind: 'antenna',
    parent: 'NAT',
    name: 'ARDES Normandie',
    description: 'Antenne normande du MES.',
  },
  {
    code: 'HDF',
    kind: 'antenna',
    parent: 'NAT',
    name: 'APES Hauts-de-France',
    description: 'Antenne des Hauts-de-France.',
  },
  {
    code: 'CVL',
    kind: 'antenna',
    parent: 'NAT',
    name: 'CRE-SOL Centre-Val de Loire',
    description: 'Antenne du Centre-Val de Loire.',
  },
  {
    code: 'OCC',
    kind: 'antenna',
    parent: 'NAT',
    name: 'MES Occitanie',
    description: "Antenne d'Occitanie.",
  },
  {
    code: 'BFC',
    kind: 'antenna',
    parent: 'NAT',
    name: 'PES21 Bourgogne-Franche-Comté',
    description: 'Antenne de Bourgogne-Franche-Comté.',
  },
  {
    code: 'PLA',
    kind: 'working_group',
    parent: 'NAT',
    name: 'GT Plaidoyer',
    description:
      'Construction collective du plaidoyer pour une transition économique, écologique et solidaire.',
  },
  {
    code: 'GOV',
    kind: 'working_group',
    parent: 'NAT',
    name: 'GT Gouvernance partagée',
    description: 'Faire vivre l’AG permanente et la gouvernance décentralisée du mouvement.',
  },
  {
    code: 'CONG',
    kind: 'congress',
    parent: 'NAT',
    name: 'Congrès du MES',
    description:
      'Le congrès triennal : appel à motions, délibération des antennes, amendements, synthèse, séances, publication.',
  },
];

/** The demo congress's calendar, counted from the day the demo is first loaded. */
const congressWeeks: Record<CongressPhase, number> = {
  call_for_motions: 6,
  antenna_deliberation: 6,
  amendments: 3,
  compositing: 2,
  sittings: 1,
  publication: 2,
};

// The four colleges of the MES, with equal shares of the national vote.
const nationalColleges = [
  { key: 'regional', name: 'Réseaux régionaux', share: 0.25 },
  { key: 'national', name: 'Réseaux nationaux', share: 0.25 },
  { key: 'sector', name: 'Réseaux sectoriels', share: 0.25 },
  { key: 'citizens', name: 'Citoyennes et citoyens engagés', share: 0.25 },
] as const;
type CollegeKey = (typeof nationalColleges)[number]['key'];

interface DemoSeat {
  code: string;
  role?: MemberRole;
  college?: CollegeKey;
  vote?: boolean;
}

interface DemoPerson {
  name: string;
  /** Defaults to firstname.lastname@…; the admin has the secretariat's role address. */
  email?: string;
  organisation: string | null;
  seats: DemoSeat[];
  admin?: boolean;
}

const antennaPeople = (
  code: string,
  organisation: string,
  names: [string, string, string, string, string, string],
): DemoPerson[] =>
  names.map((name, index) => ({
    name,
    organisation,
    seats: [
      { code, role: index === 0 ? 'secretary' : 'member', vote: index !== 5 },
      // The first two people of each antenna are its delegates to the national assembly and
      // to the congress.
      ...(index < 2 ? [{ code: 'NAT', college: 'regional' as const }, { code: 'CONG' }] : []),
    ],
  }));

const demoPeople: DemoPerson[] = [
  {
    name: 'Claire Martin',
    organisation: 'Secrétariat national du MES',
    admin: true,
    seats: [{ code: 'NAT', role: 'secretary', vote: false }],
  },
  {
    name: 'Karim Haddad',
    organisation: 'Secrétariat national du MES',
    seats: [
      { code: 'NAT', role: 'secretary', vote: false },
      { code: 'GOV', role: 'secretary' },
      { code: 'CONG', role: 'secretary', vote: false },
    ],
  },
  ...antennaPeople('NOR', 'ARDES', [
    'Sophie Lefebvre',
    'Thomas Leroy',
    'Julie Moreau',
    'Nicolas Fournier',
    'Élodie Girard',
    'Antoine Bonnet',
  ]),
  ...antennaPeople('HDF', 'APES', [
    'Nadia Benali',
    'Julien Dupuis',
    'Camille Lambert',
    'Mathieu Fontaine',
    'Pauline Rousseau',
    'Hugo Vincent',
  ]),
  ...antennaPeople('CVL', 'CRE-SOL', [
    'Isabelle Chevalier',
    'Olivier Robin',
    'Manon Gauthier',
    'Sébastien Perrin',
    'Laura Morel',
    'Maxime Clément',
  ]),
  ...antennaPeople('OCC', 'MES Occitanie', [
    'Léa Garcia',
    'David Roux',
    'Inès Martinez',
    'Romain Blanc',
    'Chloé Henry',
    'Lucas Mercier',
  ]),
  ...antennaPeople('BFC', 'PES21', [
    'Émilie Faure',
    'Guillaume André',
    'Sarah Lemoine',
    'Florian Masson',
    'Aurélie Picard',
    'Benoît Garnier',
  ]),
  {
    name: 'Fatou Diallo',
    organisation: 'Artisans du Monde',
    seats: [{ code: 'NAT', college: 'sector' }, { code: 'PLA' }],
  },
  {
    name: 'Jean-Marc Petit',
    organisation: 'CNLRQ — Régies de quartier',
    seats: [{ code: 'NAT', college: 'sector' }],
  },
  {
    name: 'Marion Colin',
    organisation: 'MIRAMAP',
    seats: [
      { code: 'NAT', college: 'sector' },
      { code: 'PLA', role: 'secretary' },
    ],
  },
  {
    name: 'Pierre Renard',
    organisation: 'Route des SEL',
    seats: [{ code: 'NAT', college: 'sector' }],
  },
  {
    name: 'Anne Brunet',
    organisation: 'UFISC',
    seats: [{ code: 'NAT', college: 'sector' }, { code: 'GOV' }],
  },
  {
    name: 'Yann Le Gall',
    organisation: 'ALICESCOP',
    seats: [{ code: 'NAT', college: 'national' }],
  },
  {
    name: 'Samira Kaci',
    organisation: 'BABALEX',
    seats: [{ code: 'NAT', college: 'national' }, { code: 'GOV' }],
  },
  { name: 'Vincent Aubert', organisation: 'OPALE', seats: [{ code: 'NAT', college: 'national' }] },
  {
    name: 'Josette Marchand',
    organisation: null,
    seats: [{ code: 'NAT', college: 'citizens' }, { code: 'PLA' }],
  },
  { name: 'Laurent Barbier', organisation: null, seats: [{ code: 'NAT', college: 'citizens' }] },
  {
    name: 'Alexane Morin',
    organisation: null,
    seats: [{ code: 'NAT', college: 'citizens' }, { code: 'GOV' }],
  },
  {
    name: 'Gabriel Lucas',
    organisation: null,
    seats: [{ code: 'NAT', college: 'citizens', vote: false }],
  },
];

function emailOf(person: DemoPerson) {
  if (person.email) return person.email;
  const local = person.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.');
  return `${local}@${domain}`;
}

/**
 * The demo federation behind the README's start command: the MES structure, four colleges with
 * equal shares, 42 people with their organisations, an admin and a secretary per antenna, an
 * election calling for candidates and an antenna's motions in every state with a consent round
 * open. Everything is looked up before it is made, so loading it twice changes nothing.
 */
export async function loadDemoFederation({
  db,
  auth,
  motions,
  polls,
  meetings,
  minutes,
  congress: congressService,
}: {
  db: Database;
  auth: AuthService;
  /** What the demo's members do is done through the services, as they would. */
  motions: MotionsService;
  polls: PollsService;
  meetings: MeetingsService;
  minutes: MinutesService;
  congress: CongressService;
}): Promise<DemoLogin[]> {
  const assembliesRepository = createAssembliesRepository({ db });
  const users = createUsersRepository({ db });
  const admin = demoPeople.find((person) => person.admin)!;
  const adminId = await auth.ensureAdmin({
    email: emailOf(admin),
    password: demoPassword,
    name: admin.name,
  });
  const actor = (await users.findById(adminId)) as User;
  const service = createAssembliesService({ db });

  const ids = new Map<string, string>();
  for (const assembly of demoAssemblies) {
    const existing = await assembliesRepository.findByCode(assembly.code);
    const id =
      existing?.id ??
      (
        await service.create(actor, {
          kind: assembly.kind,
          name: assembly.name,
          code: assembly.code,
          description: assembly.description,
          parentId: assembly.parent ? ids.get(assembly.parent)! : null,
          settings: {},
        })
      ).id;
    ids.set(assembly.code, id);
  }

  // The congress opens its call for motions today: the demo shows a congress in preparation.
  const congressId = ids.get('CONG')!;
  const congress = createCongressRepository({ db });
  if (!(await congress.phases(congressId)).length) {
    const week = 7 * 86_400_000;
    let opensAt = Date.now() - 86_400_000;
    await congress.setPhases(
      congressId,
      congressPhases.map((phase) => {
        const closesAt = opensAt + congressWeeks[phase] * week;
        const window = { phase, opensAt: new Date(opensAt), closesAt: new Date(closesAt) };
        opensAt = closesAt;
        return window;
      }),
    );
  }

  const nationalId = ids.get('NAT')!;
  let colleges = await assembliesRepository.listColleges(nationalId);
  if (colleges.length === 0) {
    colleges = await service.replaceColleges(actor, nationalId, {
      colleges: nationalColleges.map(({ name, share }) => ({ name, share })),
    });
    await service.update(actor, nationalId, { settings: { collegeWeighting: true } });
  }
  const collegeIds = new Map(
    nationalColleges.map((college) => [
      college.key,
      colleges.find((c) => c.name === college.name)?.id ?? null,
    ]),
  );

  // One hash for every demo account: hashing 42 passwords would slow every demo start.
  const passwordHash = await hashPassword(demoPassword);
  const userIds = new Map<string, string>();
  for (const person of demoPeople) {
    const email = emailOf(person);
    const user =
      (await users.findByEmail(email)) ??
      (await users.create({ email, name: person.name, passwordHash }));
    userIds.set(person.name, user.id);
    for (const seat of person.seats) {
      const assemblyId = ids.get(seat.code)!;
      await db.transaction(async (tx) => {
        const members = createMembersRepository({ db: tx });
        if (await members.find(assemblyId, user.id)) return;
        const values: MembershipValues = {
          role: seat.role ?? 'member',
          collegeId: seat.college ? (collegeIds.get(seat.college) ?? null) : null,
          votingRight: seat.vote ?? true,
          organisation: person.organisation,
        };
        await addMembership(tx, {
          assemblyId,
          userId: user.id,
          values,
          actorId: actor.id,
          source: 'demo',
        });
      });
    }
  }

  await loadDemoElection({
    db,
    actor,
    nationalId,
    collegeIds: colleges.map((college) => college.id),
    userIdOf: (name) => userIds.get(name),
  });

  await loadDemoActivity({
    db,
    motions,
    polls,
    antennaId: ids.get('OCC')!,
    assemblyIdOf: (code) => ids.get(code),
    userIdOf: (name) => userIds.get(name),
  });
  await loadDemoMeeting({
    db,
    motions,
    polls,
    meetings,
    minutes,
    congress: congressService,
    nationalId,
    antennaIds: [ids.get('OCC')!, ids.get('NOR')!],
    congressId,
    userIdOf: (name) => userIds.get(name),
  });

  const secretaries = demoPeople.filter(
    (person) => !person.admin && person.seats.some((seat) => seat.role === 'secretary'),
  );
  const member = demoPeople.find((person) => person.name === 'David Roux')!;
  return [
    { role: 'admin (secrétariat national)', email: emailOf(admin), password: demoPassword },
    ...secretaries.map((person) => ({
      role: `secrétaire ${person.seats
        .filter((s) => s.role === 'secretary')
        .map((s) => s.code)
        .join(', ')}`,
      email: emailOf(person),
      password: demoPassword,
    })),
    { role: 'membre (OCC, délégué NAT)', email: emailOf(member), password: demoPassword },
  ];
}
