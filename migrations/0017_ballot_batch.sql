-- A batch of ballots in one round trip (issue 19): the batcher sent BEGIN, the poll's lock, the
-- meeting check, the participations, the ballots, the count and notice, and COMMIT one after the
-- other (7 round trips, each waiting for the one before). These functions run the same steps in
-- the database. Each statement in a PL/pgSQL function takes its own snapshot, so the checks that
-- follow the lock see whatever committed while the batch waited for it (a check-out, a revoked
-- proxy, a closing): one statement with common table expressions would read them as they were
-- before the wait. A secret poll's batch stays two statements, so that no statement (nor the log
-- line a database may keep of it) carries voters with their choices: the first the voters, the
-- second the counts.

-- How many answered a poll so far: in the app (the poll's counters, migration 0016), under a
-- site's show of hands, and in an election round's hand counts.
CREATE OR REPLACE FUNCTION cercle_answer_count(p_poll text) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT ((SELECT app_participation FROM polls WHERE id = p_poll)
          + coalesce((SELECT sum(count) FROM site_counts WHERE poll_id = p_poll), 0)
          + coalesce((SELECT sum(ballots) FROM election_site_counts WHERE poll_id = p_poll), 0))::int
$$;--> statement-breakpoint
-- Tells every instance a poll's count (channel `cercle_tallies`, read by the realtime hub):
-- inside a transaction the notice leaves at commit, and only if it commits. The totals are an open
-- vote's, hand counts included; a secret poll and an election round tell their participation only.
CREATE OR REPLACE FUNCTION cercle_notify_tally(p_poll text, p_participation integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cercle_tallies', json_build_object(
      'pollId', p.id,
      'assemblyId', p.assembly_id,
      'participation', p_participation,
      'totals', CASE WHEN p.secret OR p.election_id IS NOT NULL THEN NULL ELSE coalesce((
        SELECT json_object_agg(choice, total) FROM (
          SELECT choice, sum(n)::int AS total FROM (
            SELECT key AS choice, value::int AS n FROM jsonb_each_text(p.app_totals)
            UNION ALL
            SELECT s.choice::text, sum(s.count) FROM site_counts s
            WHERE s.poll_id = p.id GROUP BY s.choice
          ) AS parts GROUP BY choice
        ) AS totals), '{}'::json) END
    )::text)
  FROM polls p WHERE p.id = p_poll;
END $$;--> statement-breakpoint
-- A batch's last step: the poll's count, the deadline on the database's clock (a batch still being
-- written when it comes is refused whole, error CE001, so the result holds exactly the ballots
-- committed before it), and the notice when the batch changed the count.
CREATE OR REPLACE FUNCTION cercle_end_ballot_batch(p_poll text, p_changed boolean) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer;
  v_past boolean;
BEGIN
  SELECT cercle_answer_count(p_poll), (closes_at IS NOT NULL AND clock_timestamp() >= closes_at)
    INTO v_count, v_past FROM polls WHERE id = p_poll;
  IF v_past THEN
    RAISE EXCEPTION 'The poll closed while its ballots were being written.' USING ERRCODE = 'CE001';
  END IF;
  IF p_changed THEN
    PERFORM cercle_notify_tally(p_poll, v_count);
  END IF;
  RETURN v_count;
END $$;--> statement-breakpoint
-- Takes a batch of ballots for one poll: `p_ballots` is an array of
-- {voter, caster, client, college, id, answer, reason}; `answer` (and `id`, `reason`) for an open
-- poll only, never for a secret one (refused). Under the poll's lock (closing waits for the batch,
-- a batch after a closing sees it; batches of one poll take turns across instances), in a meeting
-- one votes from where one is checked in (accredited when the meeting requires it: the rule of
-- `accreditedOrFree`, server/src/modules/meetings/voting-presence.ts), for oneself or for a
-- grantor whose proxy one holds. Then each accepted ballot's participation is written; the first
-- of identical ones is the one counted, and a ballot whose voter or client id already answered is
-- `not_new` (the batcher settles resends and changes). An open poll's new ballots are written and
-- the batch ends (count, deadline, notice); a secret poll's counts follow in
-- `cercle_count_secret_ballots`, in the same transaction.
-- Answers, per ballot in the order given: its index (from 1), its outcome (`counted`, `not_new`,
-- `not_present`, `not_accredited`, `no_proxy`, `closed`, `not_open`), the site it is cast from,
-- and the poll's count after the batch (open polls).
CREATE OR REPLACE FUNCTION cercle_take_ballots(p_poll text, p_ballots jsonb)
RETURNS TABLE (ballot_index integer, outcome text, cast_at_site text, participation integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_poll record;
  v_refusal text;
  v_taken jsonb;
  v_counted integer;
  v_count integer;
BEGIN
  SELECT p.status, p.secret, p.meeting_id, p.election_id,
         (p.closes_at IS NOT NULL AND clock_timestamp() >= p.closes_at) AS past_deadline
    INTO v_poll FROM polls p WHERE p.id = p_poll FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    v_refusal := 'not_open';
  ELSIF v_poll.status = 'closed' OR v_poll.past_deadline THEN
    v_refusal := 'closed';
  ELSIF v_poll.status <> 'open' THEN
    v_refusal := 'not_open';
  END IF;
  IF v_refusal IS NOT NULL THEN
    RETURN QUERY
      SELECT t.n::integer, v_refusal, NULL::text, NULL::integer
      FROM jsonb_array_elements(p_ballots) WITH ORDINALITY AS t(item, n);
    RETURN;
  END IF;
  IF v_poll.secret AND EXISTS (
       SELECT 1 FROM jsonb_array_elements(p_ballots) AS t(item) WHERE t.item ? 'answer') THEN
    RAISE EXCEPTION 'A secret ballot travels without its answer.';
  END IF;

  WITH items AS (
    SELECT t.n::integer AS n, t.item->>'voter' AS voter, t.item->>'caster' AS caster,
           t.item->>'client' AS client
    FROM jsonb_array_elements(p_ballots) WITH ORDINALITY AS t(item, n)
  ), checked AS (
    SELECT i.*, a.site_id AS site,
      CASE
        WHEN v_poll.meeting_id IS NULL THEN NULL
        WHEN a.present IS NOT TRUE THEN 'not_present'
        WHEN EXISTS (SELECT 1 FROM meetings m
                     WHERE m.id = v_poll.meeting_id AND m.accreditation_required)
             AND NOT EXISTS (SELECT 1 FROM delegates d
                             WHERE d.meeting_id = v_poll.meeting_id AND d.user_id = i.caster
                               AND d.accredited_at IS NOT NULL) THEN 'not_accredited'
        WHEN i.voter <> i.caster AND NOT EXISTS (
               SELECT 1 FROM proxies x
               WHERE x.meeting_id = v_poll.meeting_id AND x.ended_at IS NULL
                 AND x.grantor_id = i.voter AND x.holder_id = i.caster) THEN 'no_proxy'
      END AS refusal
    FROM items i
    LEFT JOIN attendance a ON a.meeting_id = v_poll.meeting_id AND a.user_id = i.caster
  ), inserted AS (
    INSERT INTO participations (poll_id, voter_id, method, cast_by, client_ballot_id, site_id)
    SELECT p_poll, c.voter, 'app', c.caster, c.client, c.site
    FROM checked c WHERE c.refusal IS NULL ORDER BY c.n
    ON CONFLICT DO NOTHING
    RETURNING voter_id, client_ballot_id
  )
  SELECT jsonb_agg(jsonb_build_object(
           'n', c.n, 'site', c.site,
           'outcome', coalesce(c.refusal, CASE
             WHEN EXISTS (SELECT 1 FROM inserted r
                          WHERE r.voter_id = c.voter AND r.client_ballot_id = c.client)
                  AND NOT EXISTS (SELECT 1 FROM checked e
                                  WHERE e.refusal IS NULL AND e.n < c.n
                                    AND e.voter = c.voter AND e.client = c.client)
             THEN 'counted' ELSE 'not_new' END))
         ORDER BY c.n)
    INTO v_taken
  FROM checked c;

  SELECT count(*) INTO v_counted FROM jsonb_array_elements(v_taken) AS t(item)
  WHERE t.item->>'outcome' = 'counted';
  IF NOT v_poll.secret THEN
    IF v_counted > 0 AND v_poll.election_id IS NULL THEN
      INSERT INTO ballots (id, poll_id, voter_id, choice, reason, college_id, site_id)
      SELECT b.item->>'id', p_poll, b.item->>'voter', b.item->>'answer', b.item->>'reason',
             b.item->>'college', t.item->>'site'
      FROM jsonb_array_elements(v_taken) AS t(item)
      JOIN jsonb_array_elements(p_ballots) WITH ORDINALITY AS b(item, n)
        ON b.n = (t.item->>'n')::integer
      WHERE t.item->>'outcome' = 'counted';
    ELSIF v_counted > 0 THEN
      INSERT INTO election_ballots (id, poll_id, voter_id, selection, college_id, site_id)
      SELECT b.item->>'id', p_poll, b.item->>'voter', b.item->'answer', b.item->>'college',
             t.item->>'site'
      FROM jsonb_array_elements(v_taken) AS t(item)
      JOIN jsonb_array_elements(p_ballots) WITH ORDINALITY AS b(item, n)
        ON b.n = (t.item->>'n')::integer
      WHERE t.item->>'outcome' = 'counted';
    END IF;
    v_count := cercle_end_ballot_batch(p_poll, v_counted > 0);
  END IF;

  RETURN QUERY
    SELECT (t.item->>'n')::integer, t.item->>'outcome', t.item->>'site', v_count
    FROM jsonb_array_elements(v_taken) AS t(item) ORDER BY (t.item->>'n')::integer;
END $$;--> statement-breakpoint
-- A secret batch's second statement: adds its counts to the poll's one row of counters (choice ×
-- college × site for a motion poll, distinct ballot × college × site for an election round), then
-- ends the batch. `p_cells` is an array of {answer, college, site, count}: counts, no voter, no
-- order, no time. The participations written by `cercle_take_ballots` carry the voters, no choice.
CREATE OR REPLACE FUNCTION cercle_count_secret_ballots(p_poll text, p_cells jsonb) RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT election_id FROM polls WHERE id = p_poll) IS NULL THEN
    UPDATE secret_tallies SET counts = (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'choice', choice, 'collegeId', college, 'siteId', site, 'count', n)
             ORDER BY choice, college NULLS FIRST, site NULLS FIRST), '[]'::jsonb)
      FROM (SELECT choice, college, site, sum(n)::integer AS n FROM (
              SELECT c->>'choice' AS choice, c->>'collegeId' AS college, c->>'siteId' AS site,
                     (c->>'count')::integer AS n
              FROM jsonb_array_elements(counts) c
              UNION ALL
              SELECT c->>'answer', c->>'college', c->>'site', (c->>'count')::integer
              FROM jsonb_array_elements(p_cells) c
            ) AS cells GROUP BY choice, college, site) AS merged)
    WHERE poll_id = p_poll;
  ELSE
    -- jsonb compares objects whatever their key order, and selections arrive canonical, so
    -- identical ballots merge into one count.
    UPDATE election_secret_tallies SET ballots = (
      SELECT coalesce(jsonb_agg(jsonb_build_object(
               'selection', selection, 'collegeId', college, 'siteId', site, 'count', n)
             ORDER BY selection::text, college NULLS FIRST, site NULLS FIRST), '[]'::jsonb)
      FROM (SELECT selection, college, site, sum(n)::integer AS n FROM (
              SELECT b->'selection' AS selection, b->>'collegeId' AS college,
                     b->>'siteId' AS site, (b->>'count')::integer AS n
              FROM jsonb_array_elements(ballots) b
              UNION ALL
              SELECT c->'answer', c->>'college', c->>'site', (c->>'count')::integer
              FROM jsonb_array_elements(p_cells) c
            ) AS cells GROUP BY selection, college, site) AS merged)
    WHERE poll_id = p_poll;
  END IF;
  RETURN cercle_end_ballot_batch(p_poll, true);
END $$;
