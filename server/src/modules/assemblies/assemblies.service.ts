import { type Database, isUniqueViolation, type User } from '@cercle/db';
import {
  type AssemblyDetail,
  type AssemblyKind,
  type CreateAssemblyBody,
  defaultAssemblySettings,
  type ReplaceCollegesBody,
  type UpdateAssemblyBody,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createAssembliesRepository } from './assemblies.repository.ts';

/** Which kind of assembly may sit under which (antennas and national groups under the nation). */
const allowedParents: Record<AssemblyKind, AssemblyKind[]> = {
  national: [],
  antenna: ['national'],
  working_group: ['national', 'antenna'],
  congress: ['national'],
};

const shareTolerance = 1e-6;

function sharesTotalOne(shares: number[]) {
  return Math.abs(shares.reduce((sum, share) => sum + share, 0) - 1) < shareTolerance;
}

function sharesError(field: string) {
  return new AppError(
    400,
    'colleges.shares_not_100',
    'With college weighting on, college shares must total 100 %.',
    field,
  );
}

function notFound() {
  return new AppError(404, 'assemblies.not_found', 'No such assembly.');
}

export function createAssembliesService({ db }: { db: Database }) {
  const repository = createAssembliesRepository({ db });

  async function checkParent(
    repo: ReturnType<typeof createAssembliesRepository>,
    kind: AssemblyKind,
    parentId: string | null,
    selfId?: string,
  ) {
    const allowed = allowedParents[kind];
    if (parentId === null) {
      if (allowed.length === 0) return;
      throw new AppError(
        400,
        'assemblies.invalid_parent',
        `An assembly of kind ${kind} needs a parent (${allowed.join(' or ')}).`,
        'parentId',
      );
    }
    const parent = parentId === selfId ? undefined : await repo.findById(parentId);
    if (!parent || !allowed.includes(parent.kind)) {
      throw new AppError(
        400,
        'assemblies.invalid_parent',
        allowed.length
          ? `The parent of an assembly of kind ${kind} must be: ${allowed.join(' or ')}.`
          : `An assembly of kind ${kind} has no parent.`,
        'parentId',
      );
    }
  }

  function codeTaken(error: unknown): never {
    if (isUniqueViolation(error)) {
      throw new AppError(409, 'assemblies.code_taken', 'Another assembly uses this code.', 'code');
    }
    throw error;
  }

  async function detail(id: string, viewer: User): Promise<AssemblyDetail> {
    const assembly = await repository.view(id);
    if (!assembly) throw notFound();
    const [colleges, member] = await Promise.all([
      repository.listColleges(id),
      repository.findMember(id, viewer.id),
    ]);
    return { ...assembly, colleges, myRole: member?.role ?? null };
  }

  return {
    list: () => repository.list(),
    detail,
    /** The names of an assembly's colleges, which results break down by. */
    collegeNames: (id: string) => repository.collegeNames(id),

    async create(
      actor: User,
      body: CreateAssemblyBody & { description: string; parentId: string | null },
    ) {
      const settings = { ...defaultAssemblySettings, ...body.settings };
      if (settings.collegeWeighting) throw sharesError('settings.collegeWeighting');
      const id = await db
        .transaction(async (tx) => {
          const repo = createAssembliesRepository({ db: tx });
          await checkParent(repo, body.kind, body.parentId);
          // An antenna or a group meets where its parent does, unless it says otherwise.
          if (body.settings?.timeZone === undefined && body.parentId !== null) {
            const parent = await repo.findById(body.parentId);
            if (parent) settings.timeZone = parent.timeZone;
          }
          const created = await repo.create({
            kind: body.kind,
            name: body.name,
            code: body.code,
            description: body.description,
            parentId: body.parentId,
            ...settings,
          });
          await createEventsRepository({ db: tx }).append({
            assemblyId: created.id,
            type: 'assembly.created',
            actorId: actor.id,
            payload: { kind: created.kind, name: created.name, code: created.code, settings },
          });
          return created.id;
        })
        .catch(codeTaken);
      return detail(id, actor);
    },

    async update(actor: User, id: string, body: UpdateAssemblyBody) {
      await db
        .transaction(async (tx) => {
          const repo = createAssembliesRepository({ db: tx });
          const current = await repo.findById(id);
          if (!current) throw notFound();
          if (body.parentId !== undefined) await checkParent(repo, current.kind, body.parentId, id);
          const turningWeightingOn = body.settings?.collegeWeighting && !current.collegeWeighting;
          if (turningWeightingOn) {
            const colleges = await repo.listColleges(id);
            if (!sharesTotalOne(colleges.map((college) => college.share))) {
              throw sharesError('settings.collegeWeighting');
            }
          }
          const { settings, ...fields } = body;
          const changes = { ...fields, ...settings };
          await repo.update(id, changes);
          await createEventsRepository({ db: tx }).append({
            assemblyId: id,
            type: 'assembly.updated',
            actorId: actor.id,
            payload: { changes },
          });
        })
        .catch(codeTaken);
      return detail(id, actor);
    },

    async listColleges(id: string) {
      if (!(await repository.findById(id))) throw notFound();
      return repository.listColleges(id);
    },

    async addCollege(actor: User, id: string, college: { name: string; share: number }) {
      return db.transaction(async (tx) => {
        const repo = createAssembliesRepository({ db: tx });
        const assembly = await repo.findById(id);
        if (!assembly) throw notFound();
        const existing = await repo.listColleges(id);
        if (
          assembly.collegeWeighting &&
          !sharesTotalOne([...existing.map((c) => c.share), college.share])
        ) {
          throw sharesError('share');
        }
        const created = await repo.addCollege(id, college);
        await createEventsRepository({ db: tx }).append({
          assemblyId: id,
          type: 'college.created',
          actorId: actor.id,
          payload: { collegeId: created.id, name: created.name, share: created.share },
        });
        return repo.listColleges(id);
      });
    },

    async replaceColleges(actor: User, id: string, { colleges }: ReplaceCollegesBody) {
      return db.transaction(async (tx) => {
        const repo = createAssembliesRepository({ db: tx });
        const assembly = await repo.findById(id);
        if (!assembly) throw notFound();
        if (assembly.collegeWeighting && !sharesTotalOne(colleges.map((c) => c.share))) {
          throw sharesError('colleges');
        }
        const known = new Set((await repo.listColleges(id)).map((college) => college.id));
        const unknown = colleges.findIndex((college) => college.id && !known.has(college.id));
        if (unknown >= 0) {
          throw new AppError(
            400,
            'colleges.not_found',
            'No such college in this assembly.',
            `colleges.${unknown}.id`,
          );
        }
        await repo.replaceColleges(id, colleges);
        const result = await repo.listColleges(id);
        await createEventsRepository({ db: tx }).append({
          assemblyId: id,
          type: 'colleges.replaced',
          actorId: actor.id,
          payload: { colleges: result.map(({ id, name, share }) => ({ id, name, share })) },
        });
        return result;
      });
    },
  };
}

export type AssembliesService = ReturnType<typeof createAssembliesService>;
