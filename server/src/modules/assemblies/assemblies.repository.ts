import { and, asc, count, eq, inArray, notInArray } from 'drizzle-orm';
import {
  assemblies,
  type Assembly as AssemblyRow,
  colleges,
  type Database,
  members,
  newId,
} from '@cercle/db';
import type { Assembly, AssemblyKind, AssemblySettings, College, MemberRole } from '@cercle/shared';

export type AssemblyValues = {
  kind: AssemblyKind;
  name: string;
  code: string;
  description: string;
  parentId: string | null;
} & AssemblySettings;

function toAssembly(row: AssemblyRow, memberCount: number): Assembly {
  const { id, kind, name, code, description, parentId, createdAt, ...settings } = row;
  return {
    id,
    kind,
    name,
    code,
    description,
    parentId,
    settings,
    memberCount,
    createdAt: createdAt.toISOString(),
  };
}

/** Bind it to a transaction (`createAssembliesRepository({ db: tx })`) to work inside it. */
export function createAssembliesRepository({ db }: { db: Database }) {
  async function memberCounts(assemblyIds?: string[]) {
    const rows = await db
      .select({ assemblyId: members.assemblyId, count: count() })
      .from(members)
      .where(assemblyIds ? inArray(members.assemblyId, assemblyIds) : undefined)
      .groupBy(members.assemblyId);
    return new Map(rows.map((row) => [row.assemblyId, row.count]));
  }

  return {
    async list(): Promise<Assembly[]> {
      const [rows, counts] = await Promise.all([
        db.select().from(assemblies).orderBy(asc(assemblies.kind), asc(assemblies.name)),
        memberCounts(),
      ]);
      return rows.map((row) => toAssembly(row, counts.get(row.id) ?? 0));
    },

    async findById(id: string) {
      const [assembly] = await db.select().from(assemblies).where(eq(assemblies.id, id));
      return assembly;
    },

    async findByCode(code: string) {
      const [assembly] = await db.select().from(assemblies).where(eq(assemblies.code, code));
      return assembly;
    },

    async view(id: string): Promise<Assembly | undefined> {
      const row = await this.findById(id);
      if (!row) return undefined;
      const counts = await memberCounts([id]);
      return toAssembly(row, counts.get(id) ?? 0);
    },

    async create(values: Partial<AssemblyValues> & Pick<AssemblyValues, 'kind' | 'name' | 'code'>) {
      const [assembly] = await db
        .insert(assemblies)
        .values({ id: newId(), ...values })
        .returning();
      return assembly!;
    },

    async update(id: string, values: Partial<AssemblyValues>) {
      const [assembly] = await db
        .update(assemblies)
        .set(values)
        .where(eq(assemblies.id, id))
        .returning();
      return assembly;
    },

    /** The colleges' names alone, without counting their members. */
    async collegeNames(assemblyId: string) {
      return db
        .select({ id: colleges.id, name: colleges.name })
        .from(colleges)
        .where(eq(colleges.assemblyId, assemblyId))
        .orderBy(asc(colleges.name));
    },

    async listColleges(assemblyId: string): Promise<College[]> {
      const rows = await db
        .select({
          id: colleges.id,
          assemblyId: colleges.assemblyId,
          name: colleges.name,
          share: colleges.share,
          memberCount: count(members.userId),
        })
        .from(colleges)
        .leftJoin(members, eq(members.collegeId, colleges.id))
        .where(eq(colleges.assemblyId, assemblyId))
        .groupBy(colleges.id)
        .orderBy(asc(colleges.name));
      return rows;
    },

    async findCollege(assemblyId: string, collegeId: string) {
      const [college] = await db
        .select()
        .from(colleges)
        .where(and(eq(colleges.id, collegeId), eq(colleges.assemblyId, assemblyId)));
      return college;
    },

    async addCollege(assemblyId: string, values: { name: string; share: number }) {
      const [college] = await db
        .insert(colleges)
        .values({ id: newId(), assemblyId, ...values })
        .returning();
      return college!;
    },

    /**
     * Makes the assembly's colleges exactly `wanted`: listed ids are updated, new ones created,
     * missing ones deleted (their members keep their seat, without college).
     */
    async replaceColleges(
      assemblyId: string,
      wanted: { id?: string | undefined; name: string; share: number }[],
    ) {
      const keptIds = wanted.flatMap((college) => (college.id ? [college.id] : []));
      await db
        .delete(colleges)
        .where(
          keptIds.length
            ? and(eq(colleges.assemblyId, assemblyId), notInArray(colleges.id, keptIds))
            : eq(colleges.assemblyId, assemblyId),
        );
      for (const college of wanted) {
        if (college.id) {
          await db
            .update(colleges)
            .set({ name: college.name, share: college.share })
            .where(and(eq(colleges.id, college.id), eq(colleges.assemblyId, assemblyId)));
        } else {
          await db.insert(colleges).values({ id: newId(), assemblyId, ...college });
        }
      }
    },

    async findMember(assemblyId: string, userId: string) {
      const [member] = await db
        .select()
        .from(members)
        .where(and(eq(members.assemblyId, assemblyId), eq(members.userId, userId)));
      return member;
    },

    /** Adds the membership unless the person already belongs (then nothing changes). */
    async addMemberIfAbsent(values: {
      assemblyId: string;
      userId: string;
      role: MemberRole;
      collegeId: string | null;
    }) {
      await db.insert(members).values(values).onConflictDoNothing();
    },
  };
}

export type AssembliesRepository = ReturnType<typeof createAssembliesRepository>;
