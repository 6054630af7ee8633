import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type AuditWitness, createAuditWitness } from '../modules/audit/audit-witness.ts';
import { eventsChannel } from '../modules/events/events.repository.ts';

declare module 'fastify' {
  interface FastifyInstance {
    auditWitness: AuditWitness;
  }
}

/**
 * Keeps the copy of every committed event's hash in `$CERCLE_DATA_DIR/audit-witness/`. Every
 * instance hears every event (the same notices realtime uses), so each keeps a whole copy.
 */
async function auditWitnessPlugin(app: FastifyInstance) {
  const witness = createAuditWitness({
    dir: join(app.config.dataDir, 'audit-witness'),
    db: app.db,
    log: app.log,
  });
  app.decorate('auditWitness', witness);
  const stop = await app.database.listen(eventsChannel, (payload) => witness.record(payload));
  app.addHook('onClose', async () => {
    await stop();
    await witness.settled();
  });
}

export default fp(auditWitnessPlugin, { name: 'audit-witness', dependencies: ['database'] });
