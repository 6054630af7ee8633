import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  type Decision,
  decisionFiltersSchema,
  decisionListQuerySchema,
  decisionListSchema,
  formatDay,
  isoDayIn,
  type Locale,
} from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';
import { message, type MessageKey } from '../../text/messages/index.ts';
import { csv, ods, odsContentType, type Sheet } from '../../text/spreadsheet.ts';

const columns: MessageKey[] = [
  'register.column.date',
  'register.column.assembly',
  'register.column.meeting',
  'register.column.kind',
  'register.column.subject',
  'register.column.outcome',
  'register.column.how',
  'register.column.result',
  'register.column.link',
  'register.column.minutes',
];

/** The register as one sheet, headers in `language`, links absolute so they work once saved. */
function registerSheet(decisions: Decision[], language: Locale, publicUrl: string): Sheet {
  const t = (key: MessageKey) => message(language, key);
  const link = (decision: Decision) =>
    decision.election
      ? `${publicUrl}/elections/${decision.election.id}`
      : `${publicUrl}/motions/${decision.motion!.id}`;
  return {
    name: t('register.title'),
    header: columns.map(t),
    rows: decisions.map((decision) => {
      const decidedAt = new Date(decision.decidedAt);
      return [
        {
          // The day in the assembly's zone, as its pages say it.
          day: isoDayIn(decidedAt, decision.assembly.timeZone),
          text: formatDay(decidedAt, { locale: language, timeZone: decision.assembly.timeZone }),
        },
        decision.assembly.name,
        decision.meeting?.title ?? null,
        t(`register.kind.${decision.kind}`),
        decision.subject,
        decision.outcomeLabel,
        decision.how,
        decision.result,
        link(decision),
        decision.minutesId ? `${publicUrl}/minutes/${decision.minutesId}` : null,
      ];
    }),
  };
}

/** `registre-decisions-2026-12-04.csv`. */
const fileName = (extension: string) =>
  `registre-decisions-${new Date().toISOString().slice(0, 10)}.${extension}`;

/** The register of decisions across the federation, as the person may read it. */
export const decisionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { decisions } = app;
  const tags = ['decisions'];
  const publicUrl = app.config.publicUrl.origin;

  app.get(
    '/decisions',
    {
      schema: {
        tags,
        querystring: decisionListQuerySchema,
        response: { 200: decisionListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return decisions.list(permissions, request.query, request.query.lang ?? user.locale);
    },
  );

  app.get(
    '/decisions/export.csv',
    { schema: { tags, querystring: decisionFiltersSchema } },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const language = request.query.lang ?? user.locale;
      const rows = await decisions.all(permissions, request.query, language);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName('csv')}"`)
        .send(csv(registerSheet(rows, language, publicUrl)));
    },
  );

  app.get(
    '/decisions/export.ods',
    { schema: { tags, querystring: decisionFiltersSchema } },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const language = request.query.lang ?? user.locale;
      const rows = await decisions.all(permissions, request.query, language);
      return reply
        .header('content-type', odsContentType)
        .header('content-disposition', `attachment; filename="${fileName('ods')}"`)
        .send(Buffer.from(ods(registerSheet(rows, language, publicUrl))));
    },
  );
};
