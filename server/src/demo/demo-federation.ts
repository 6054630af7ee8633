import type { Database } from '@cercle/db';
import { createAssembliesRepository } from '../modules/assemblies/assemblies.repository.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

// Public on purpose: the demo runs on a laptop for trying Cercle out, never in production.
const demoPassword = 'cercle-demo-2026';

/**
 * The demo federation behind the README's start command. Loading it twice changes nothing.
 * For now: the national assembly of the MES and its secretariat (admin); the organisation issue
 * adds antennas, working groups, colleges and members.
 */
export async function loadDemoFederation({
  db,
  auth,
}: {
  db: Database;
  auth: AuthService;
}): Promise<DemoLogin[]> {
  const assemblies = createAssembliesRepository({ db });
  const national =
    (await assemblies.findByCode('NAT')) ??
    (await assemblies.create({
      kind: 'national',
      name: "Mouvement pour l'Économie Solidaire — AG permanente",
      code: 'NAT',
    }));
  const adminEmail = 'secretariat@mes-demo.example.org';
  const adminId = await auth.ensureAdmin({
    email: adminEmail,
    password: demoPassword,
    name: 'Claire Martin',
  });
  await assemblies.upsertMember({
    assemblyId: national.id,
    userId: adminId,
    role: 'secretary',
    collegeId: null,
  });
  return [{ role: 'admin (secrétariat national)', email: adminEmail, password: demoPassword }];
}
