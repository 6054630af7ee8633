import type { Database, User } from '@cercle/db';
import { createElectionsRepository } from '../modules/elections/elections.repository.ts';
import { createElectionsService } from '../modules/elections/elections.service.ts';

const boardTitle = 'Élection du conseil d’administration 2027';

/** Who stands in the demo's board election, with what they say and what they declare. */
const demoCandidacies = [
  {
    name: 'Fatou Diallo',
    category: 'femme',
    statement:
      'Douze ans au **réseau des épiceries solidaires**. Je veux que le conseil rende compte, chaque trimestre, de ce qu’il décide au nom du mouvement.',
  },
  {
    name: 'Jean-Marc Petit',
    category: 'homme',
    statement:
      'Trésorier de ma coopérative depuis 2019 : je propose un budget lisible par toutes et tous.',
  },
  {
    name: 'Samira Kaci',
    category: 'femme',
    statement: 'Faire du congrès 2027 un moment où **chaque antenne** pèse vraiment.',
  },
  {
    name: 'Vincent Aubert',
    category: null,
    statement: 'Je porterai la voix des réseaux nationaux, et le chantier des monnaies locales.',
  },
  {
    name: 'Josette Marchand',
    category: 'femme',
    statement: 'Citoyenne engagée, je veux ouvrir le conseil aux adhérentes et adhérents isolés.',
  },
  {
    name: 'Laurent Barbier',
    category: 'homme',
    statement: '',
  },
];

/**
 * An upcoming board election in the national assembly: 8 seats, one reserved for each of the
 * four colleges, parity, counted by majority judgment; the call for candidacies opened yesterday
 * and closes in two weeks, and six members already stand. Loaded once: found by its title.
 */
export async function loadDemoElection({
  db,
  actor,
  nationalId,
  collegeIds,
  userIdOf,
}: {
  db: Database;
  actor: User;
  nationalId: string;
  collegeIds: readonly string[];
  userIdOf: (name: string) => string | undefined;
}) {
  const existing = await createElectionsRepository({ db }).inAssembly(nationalId);
  if (existing.some((election) => election.title === boardTitle)) return;
  const elections = createElectionsService({ db });
  const admin = { isAdmin: true, memberships: [] };
  const day = 86_400_000;
  const { id } = await elections.create(actor, admin, nationalId, {
    subject: 'people',
    title: boardTitle,
    description:
      'Le conseil d’administration est élu pour trois ans. Un siège est réservé à chaque collège ; au plus 4 élus d’une même catégorie déclarée (parité). Scrutin secret, au jugement majoritaire : donnez une mention à chaque candidate et chaque candidat.',
    method: 'majority_judgment',
    seats: 8,
    reserved: collegeIds.map((collegeId) => ({ collegeId, seats: 1 })),
    parity: true,
    candidaciesOpenAt: new Date(Date.now() - day).toISOString(),
    candidaciesCloseAt: new Date(Date.now() + 14 * day).toISOString(),
  });
  for (const candidacy of demoCandidacies) {
    const userId = userIdOf(candidacy.name);
    if (!userId) continue;
    await elections.stand(actor, admin, id, {
      userId,
      statement: candidacy.statement,
      category: candidacy.category,
    });
  }
}
