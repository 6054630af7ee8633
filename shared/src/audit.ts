import { z } from 'zod';
import { idSchema } from './ids.ts';

/**
 * The audit of an assembly: its event chain checked link by link, against every head of it
 * recorded or published, and the records that events vouch for (closed polls, motion statuses,
 * published minutes) compared with what the events say. Codes are stable; the web translates them.
 */
export const auditIssueCodeSchema = z.enum([
  /** A number is missing from the sequence: an event was deleted. */
  'chain.event_missing',
  /** An event does not point at the one before it: events were moved, swapped or inserted. */
  'chain.link_broken',
  /** An event's content no longer gives its hash: it was edited. */
  'chain.hash_mismatch',
  /** The chain ends before a head that was recorded or published: its last events were deleted. */
  'chain.tail_missing',
  /** The head recorded in the database does not match the chain's last event. */
  'chain.head_mismatch',
  /** A published head no longer matches the event it named: rewritten, hashes recomputed. */
  'head.mismatch',
  /** A closed poll whose closing no event records. */
  'poll.unrecorded',
  /** A closed poll's stored result differs from the result its closing event carries. */
  'poll.result_mismatch',
  /** A closed poll's ballots (or, secret, its published counts) no longer give the recorded digest. */
  'poll.ballots_mismatch',
  /** A site's show-of-hands counts differ from the last counts its event recorded. */
  'poll.hand_counts_mismatch',
  /** A motion's status differs from the one its last status-changing event set. */
  'motion.status_mismatch',
  /** Published minutes that no publication event records. */
  'minutes.unrecorded',
  /** Published minutes whose text no longer has the hash recorded at publication. */
  'minutes.text_mismatch',
  /** Published minutes whose stored hashes or status differ from their publication event. */
  'minutes.record_mismatch',
]);
export type AuditIssueCode = z.infer<typeof auditIssueCodeSchema>;

/**
 * Where a head of the chain (a sequence number and the hash of the event there) was kept.
 * `recorded`: the chain's head row in the database. `minutes`: published minutes, which name the
 * last event they cover. `witness`: the server's own copy of every event's hash, kept in its data
 * folder, outside the database. `given`: supplied by whoever checks (a hash printed on an export,
 * an earlier download).
 */
export const headSourceSchema = z.enum(['recorded', 'minutes', 'witness', 'given']);
export type HeadSource = z.infer<typeof headSourceSchema>;

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha-256 hash in lowercase hex');

export const chainHeadSchema = z.object({ seq: z.number().int().min(0), hash: hashSchema });
export type ChainHead = z.infer<typeof chainHeadSchema>;

export const publishedHeadSchema = z.object({
  seq: z.number().int().min(1),
  /** The full hash, or at least its first 16 hex digits as printed on a document. */
  hash: z.string().regex(/^[0-9a-f]{16,64}$/, 'at least the first 16 hex digits of a hash'),
  source: headSourceSchema,
  /** When it was recorded or published, if known. */
  at: z.iso.datetime().optional(),
  /** What published it (the minutes' id), if anything. */
  ref: z.string().optional(),
});
export type PublishedHead = z.infer<typeof publishedHeadSchema>;

export const auditIssueSchema = z
  .object({
    code: auditIssueCodeSchema,
    /**
     * The first broken link: the event where the chain, a head or a record stops matching.
     * Null only for a record that no event mentions.
     */
    seq: z.number().int().nullable(),
    /** For a published head that no longer matches: the change lies after this event, up to `seq`. */
    after: z.number().int().optional(),
    source: headSourceSchema.optional(),
    subject: z.object({ kind: z.enum(['poll', 'motion', 'minutes']), id: idSchema }).optional(),
    /** In English, for logs and the standalone check; the web words it from `code`. */
    message: z.string(),
  })
  .meta({ id: 'AuditIssue' });
export type AuditIssue = z.infer<typeof auditIssueSchema>;

export const auditVerificationSchema = z
  .object({
    valid: z.boolean(),
    /** Events stored in the chain. */
    events: z.number().int(),
    /** The chain's last stored event, null for an empty chain. */
    head: chainHeadSchema.nullable(),
    /** Same as `head.hash` (kept for clients of the first version of this route). */
    headHash: z.string().optional(),
    /** Where tampering starts: the lowest `seq` among the issues. */
    brokenAtSeq: z.number().int().optional(),
    /** What is wrong there: the code of the first issue. */
    reason: auditIssueCodeSchema.optional(),
    /** Every issue found, first broken link first (at most 100). */
    issues: z.array(auditIssueSchema),
    checked: z.object({
      /** Heads compared with the chain, from each source. */
      heads: z.record(headSourceSchema, z.number().int()),
      polls: z.number().int(),
      motions: z.number().int(),
      minutes: z.number().int(),
    }),
    /** Published minutes whose text or record no longer match their publication event. */
    minutes: z.object({ checked: z.number().int(), altered: z.array(z.string()) }),
    /** When the server made this verification (its API's answers say it). */
    checkedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'AuditVerification' });
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/**
 * `GET /api/assemblies/:id/audit/chain.jsonl`: this header on the first line, then one event per
 * line in order, everything needed to recompute every hash without the server.
 */
export const auditChainHeaderSchema = z.object({
  format: z.literal('cercle-audit-chain'),
  version: z.literal(1),
  assemblyId: idSchema,
  assemblyName: z.string(),
  exportedAt: z.iso.datetime(),
  events: z.number().int().min(0),
  /** The head row in the database when the file was written. */
  recordedHead: chainHeadSchema.nullable(),
  /** Heads kept outside the database that the chain must contain. */
  heads: z.array(publishedHeadSchema),
});
export type AuditChainHeader = z.infer<typeof auditChainHeaderSchema>;

export const auditChainEventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  actorId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditChainEvent = z.infer<typeof auditChainEventSchema>;

/** A head as someone checking writes it: `seq:hash`, the hash whole or its first 16+ hex digits. */
export const givenHeadSchema = z
  .string()
  .regex(/^[1-9][0-9]*:[0-9a-f]{16,64}$/, 'seq:hash, e.g. 42:3fa2…, with at least 16 hex digits');

export const auditVerifyQuerySchema = z.object({
  /** Heads to hold the chain against besides those Cercle keeps: printed on an export, say. */
  head: z.union([givenHeadSchema, z.array(givenHeadSchema).max(100)]).optional(),
  /**
   * Seconds: a verification of the assembly made this recently may answer instead of a new one
   * (the assembly's page asks for one a minute at most, however many open it: a check reads the
   * whole chain). 0, the default, verifies now; heads given are always checked now.
   */
  maxAge: z.coerce.number().int().min(0).max(3600).default(0),
});
