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
  async function loadChain(tx: Database, id: string) {
    const repository = createAuditRepository({ db: tx });
    const assembly = await repository.assembly(id);
    if (!assembly) throw new AppError(404, 'assemblies.not_found', 'No such assembly.');
    const events = await repository.events(id);
    const recordedHead = await createEventsRepository({ db: tx }).head(id);
    return { assembly, events, recordedHead };
  }

  return {
    /**
     * Checks the assembly's chain link by link, against its recorded head, the heads of its
     * published minutes, the server's copy outside the database and any head `given`; then the
     * records the events vouch for.
     */
    async verify(id: string, given: PublishedHead[] = []): Promise<AuditVerification> {
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
      return auditReport({
        events: state.events,
        chain: checkChain({
          assemblyId: id,
          events: state.events,
          recordedHead: state.recordedHead,
          heads: [...witnessed, ...given],
        }),
        records: checkRecords(state),
      });
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
