import { and, eq } from 'drizzle-orm';
import { assemblies, colleges, type Database, members, newId } from '@cercle/db';
import type { AssemblyKind, MemberRole } from '@cercle/shared';

export function createAssembliesRepository({ db }: { db: Database }) {
  return {
    async findById(id: string) {
      const [assembly] = await db.select().from(assemblies).where(eq(assemblies.id, id));
      return assembly;
    },

    async findByCode(code: string) {
      const [assembly] = await db.select().from(assemblies).where(eq(assemblies.code, code));
      return assembly;
    },

    async create(values: { kind: AssemblyKind; name: string; code: string; parentId?: string }) {
      const [assembly] = await db
        .insert(assemblies)
        .values({ id: newId(), ...values })
        .returning();
      return assembly!;
    },

    async findCollege(assemblyId: string, collegeId: string) {
      const [college] = await db
        .select()
        .from(colleges)
        .where(and(eq(colleges.id, collegeId), eq(colleges.assemblyId, assemblyId)));
      return college;
    },

    async findMember(assemblyId: string, userId: string) {
      const [member] = await db
        .select()
        .from(members)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.userId, userId)));
      return member;
    },

    /** Adds the membership, or updates role and college when the person already belongs. */
    async upsertMember(values: {
      assemblyId: string;
      userId: string;
      role: MemberRole;
      collegeId: string | null;
    }) {
      await db
        .insert(members)
        .values(values)
        .onConflictDoUpdate({
          target: [members.assemblyId, members.userId],
          set: { role: values.role, collegeId: values.collegeId },
        });
    },
  };
}

export type AssembliesRepository = ReturnType<typeof createAssembliesRepository>;
