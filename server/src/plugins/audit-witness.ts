import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { DatabaseHandle } from '@cercle/db';
import { type AuditWitness, createAuditWitness } from '../modules/audit/audit-witness.ts';
import { eventsChannel } from '../modules/events/events.repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    auditWitness: AuditWitness;
  }
}

export const auditWitnessDir = (dataDir: string) => join(dataDir, 'audit-witness');

/** Writes each committed event's hash as its notice arrives; resolves to the function that stops. */
export function witnessEvents(database: DatabaseHandle, witness: AuditWitness) {
  return database.listen(eventsChannel, (payload) => witness.record(payload));
}

/**
 * Keeps the copy of every committed event's hash in `$CERCLE_DATA_DIR/audit-witness/`. Every
 * instance hears every event (the same notices realtime uses), so each keeps a whole copy. With
 * `record: false` (cluster workers, whose primary writes the folder's one copy) it only reads it.
 */
async function auditWitnessPlugin(app: FastifyInstance, { record }: { record: boolean }) {
  const witness = createAuditWitness({
    dir: auditWitnessDir(app.config.dataDir),
    db: app.db,
    log: app.log,
  });
  app.decorate('auditWitness', witness);
  if (!record) return;
  const stop = await witnessEvents(app.database, witness);
  app.addHook('onClose', async () => {
    await stop();
    await witness.settled();
  });
}

export default fp(auditWitnessPlugin, { name: 'audit-witness', dependencies: ['database'] });
