/**
 * A notice to a whole large assembly: at 10,000 members the one insert for everyone carried more
 * parameters than a statement may (65,535), PostgreSQL refused it and the background sweep failed
 * on every pass (found by bench:live at 10,000 members: nobody was told a poll had opened).
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@cercle/db';
import { createNotificationsRepository } from '../../server/src/modules/notifications/notifications.repository.ts';
import { testDatabaseForThisFile } from '../support/database.ts';
import { createAssembly } from '../support/fixtures.ts';

const { db } = await testDatabaseForThisFile();

describe('notifications for a whole assembly', () => {
  it('reach 10,000 people in one call, once each however often it is repeated', async () => {
    const assembly = await createAssembly({ db });
    const [made] = await queryRows<{ ids: string[] }>(
      db,
      sql`with made as (
            insert into users (id, email, name)
            select 'many' || n, 'many' || n || '@example.org', 'Membre ' || n
            from generate_series(1, 10000) as n
            returning id)
          select array_agg(id) as ids from made`,
    );
    const notifications = createNotificationsRepository({ db });
    const notice = {
      userIds: made!.ids,
      assemblyId: assembly.id,
      type: 'poll.opened' as const,
      subjectId: 'poll-many',
      motionId: null,
      title: 'Un vote est ouvert',
    };
    await notifications.add(notice);
    await notifications.add(notice);
    const [counted] = await queryRows<{ told: number; people: number }>(
      db,
      sql`select count(*)::int as told, count(distinct user_id)::int as people
          from notifications where subject_id = 'poll-many'`,
    );
    expect(counted).toEqual({ told: 10000, people: 10000 });
  });
});
