import type { Database } from '@cercle/db';
import type { AuditVerification, PublishedHead } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import {
  auditReport,
  chainFile,
  checkChain,
  checkRecords,
  witnessHeadsToPublish,
} from './audit-chain.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createAuditRepository } from './audit.repository.ts';
import type { AuditWitness } from './audit-witness.ts';

/** One consistent state, even while events keep arriving. */
const snapshot = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

export function createAuditService({
  db,
  witness,
}: {
  db: Database;
  /** Only its heads are read: the move and restore tools pass a data folder's copy. */
  witness: Pick<AuditWitness, 'heads'>;
}) {
  /** The last verification of each assembly without given heads, shared while it is recent. */
  const recent = new Map<string, { startedAt: number; report: Promise<AuditVerification> }>();

  async function loadChain(tx: Database, id: string) {
    const repository = createAuditRepository({ db: tx });
    const assembly = await repository.assembly(id);
    if (!assembly) throw new AppError(404, 'assemblies.not_found', 'No such assembly.');
    const events = await repository.events(id);
    const recordedHead = await createEventsRepository({ db: tx }).head(id);
    return { assembly, events, recordedHead };
  }

  async function verifyNow(id: string, given: PublishedHead[]): Promise<AuditVerification> {
    const checkedAt = new Date().toISOString();
    // Read the copy first: whatever it holds was committed before the snapshot below starts.
    const witnessed = await witness.heads(id);
    const state = await db.transaction(async (tx) => {
      const repository = createAuditRepository({ db: tx });
      const chain = await loadChain(tx, id);
      return {
        ...chain,
        polls: await repository.polls(id),
        electionRounds: await repository.electionRounds(id),
        motions: await repository.motions(id),
        minutes: await repository.minutes(id),
      };
    }, snapshot);
    const report = auditReport({
      events: state.events,
      chain: checkChain({
        assemblyId: id,
        events: state.events,
        recordedHead: state.recordedHead,
        heads: [...witnessed, ...given],
      }),
      records: checkRecords(state),
    });
    return { ...report, checkedAt };
  }

  return {
    /**
     * Checks the assembly's chain link by link, against its recorded head, the heads of its
     * published minutes, the server's copy outside the database and any head `given`; then the
     * records the events vouch for. With `maxAgeMs`, a verification without given heads started
     * that recently answers instead (shared while it runs): reading a whole chain on every view
     * of a page made a 10,000-member assembly's page take seconds under load.
     */
    verify(
      id: string,
      given: PublishedHead[] = [],
      { maxAgeMs = 0 }: { maxAgeMs?: number } = {},
    ): Promise<AuditVerification> {
      if (given.length > 0 || maxAgeMs === 0) return verifyNow(id, given);
      const last = recent.get(id);
      if (last && Date.now() - last.startedAt <= maxAgeMs) return last.report;
      const report = verifyNow(id, []);
      recent.set(id, { startedAt: Date.now(), report });
      report.catch(() => recent.delete(id));
      return report;
    },

    /** The chain as a file anyone can check without the server (`pnpm audit:verify FILE`). */
    async chainFile(id: string) {
      const witnessed = await witness.heads(id);
      const { assembly, events, recordedHead } = await db.transaction(
        (tx) => loadChain(tx, id),
        snapshot,
      );
      const exportedAt = new Date().toISOString();
      const text = chainFile(
        {
          format: 'cercle-audit-chain',
          version: 1,
          assemblyId: assembly.id,
          assemblyName: assembly.name,
          exportedAt,
          events: events.length,
          recordedHead,
          heads: witnessHeadsToPublish(events, witnessed),
        },
        events,
      );
      const code = assembly.code.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      return { text, fileName: `cercle-audit-${code}-${exportedAt.slice(0, 10)}.jsonl` };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
