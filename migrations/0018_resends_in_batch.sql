-- A resend settled in the batch's one statement (issue 19): `cercle_take_ballots` answered
-- `not_new` for every ballot whose voter had answered already, and the batcher settled each in a
-- transaction of its own (BEGIN, the poll's lock, the participations, the stored answers, the
-- count, COMMIT), holding the poll's lock across those round trips while the other instances'
-- batches waited for it. The two common cases are now answered by the function itself, under the
-- same lock and in the same statement: `already_counted` (the voter's participation in the app
-- carries this very client id: a resend, or a copy of a ballot earlier in the batch), with the
-- open answer stored for that voter; `counted_at_site` (the voter was counted in a site's show of
-- hands). What is left as `not_new` (a change of an open ballot, a second secret ballot, a client
-- id used by someone else) is still the batcher's to settle. The deadline holds as before: an open
-- poll's batch ends in `cercle_end_ballot_batch`, which refuses it whole once the deadline passed.
DROP FUNCTION cercle_take_ballots(text, jsonb);--> statement-breakpoint
-- Takes a batch of ballots for one poll (see migration 0017 for the steps); answers, per ballot
-- in the order given: its index (from 1), its outcome (`counted`, `already_counted`,
-- `counted_at_site`, `not_new`, `not_present`, `not_accredited`, `no_proxy`, `closed`,
-- `not_open`), the site it is cast from, the poll's count after the batch (open polls), and for
-- an `already_counted` ballot of an open poll the answer stored for its voter.
CREATE FUNCTION cercle_take_ballots(p_poll text, p_ballots jsonb)
RETURNS TABLE (ballot_index integer, outcome text, cast_at_site text, participation integer,
               stored_answer jsonb)
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
      SELECT t.n::integer, v_refusal, NULL::text, NULL::integer, NULL::jsonb
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
           'n', c.n, 'site', c.site, 'voter', c.voter,
           'outcome', coalesce(c.refusal, CASE
             WHEN EXISTS (SELECT 1 FROM inserted r
                          WHERE r.voter_id = c.voter AND r.client_ballot_id = c.client)
                  AND NOT EXISTS (SELECT 1 FROM checked e
                                  WHERE e.refusal IS NULL AND e.n < c.n
                                    AND e.voter = c.voter AND e.client = c.client)
             THEN 'counted'
             -- A copy of a ballot this batch counted, or a resend: the voter's participation in
             -- the app (written before this statement, which does not see its own inserts in
             -- the table) carries this very client id.
             WHEN EXISTS (SELECT 1 FROM inserted r
                          WHERE r.voter_id = c.voter AND r.client_ballot_id = c.client)
                  OR EXISTS (SELECT 1 FROM participations p
                             WHERE p.poll_id = p_poll AND p.voter_id = c.voter
                               AND p.method = 'app' AND p.client_ballot_id = c.client)
             THEN 'already_counted'
             WHEN EXISTS (SELECT 1 FROM participations p
                          WHERE p.poll_id = p_poll AND p.voter_id = c.voter
                            AND p.method = 'hands')
             THEN 'counted_at_site'
             ELSE 'not_new' END))
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

  -- A resend is answered with the open answer stored for its voter (the one its id counted);
  -- a secret poll keeps none that a voter could be joined to.
  RETURN QUERY
    SELECT (t.item->>'n')::integer, t.item->>'outcome', t.item->>'site', v_count,
           CASE WHEN t.item->>'outcome' <> 'already_counted' OR v_poll.secret THEN NULL
                WHEN v_poll.election_id IS NULL THEN (
                  SELECT to_jsonb(b.choice) FROM ballots b
                  WHERE b.poll_id = p_poll AND b.voter_id = t.item->>'voter')
                ELSE (
                  SELECT e.selection FROM election_ballots e
                  WHERE e.poll_id = p_poll AND e.voter_id = t.item->>'voter') END
    FROM jsonb_array_elements(v_taken) AS t(item)
    ORDER BY (t.item->>'n')::integer;
END $$;
