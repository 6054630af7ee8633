import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  candidacyBodySchema,
  candidateParamsSchema,
  castElectionBallotBodySchema,
  castElectionBallotResponseSchema,
  createElectionBodySchema,
  electionListSchema,
  electionParamsSchema,
  electionResponseSchema,
  electionSiteCountsBodySchema,
  idSchema,
  openRoundBodySchema,
  personSearchQuerySchema,
  personSearchResultSchema,
  optionBodySchema,
  updateCandidacyBodySchema,
  updateElectionBodySchema,
} from '@cercle/shared';
import { signedInActor } from '../../permissions.ts';
import { refusalResponses } from '../../plugins/errors.ts';

export const electionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { elections } = app;
  const tags = ['elections'];
  const electionOk = { 200: electionResponseSchema, ...refusalResponses };
  const electionCreated = { 201: electionResponseSchema, ...refusalResponses };

  app.get(
    '/assemblies/:id/elections',
    {
      schema: {
        tags,
        params: z.object({ id: idSchema }),
        response: { 200: electionListSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { elections: await elections.list(user, permissions, request.params.id) };
    },
  );

  app.post(
    '/assemblies/:id/elections',
    {
      schema: {
        tags,
        params: z.object({ id: idSchema }),
        body: createElectionBodySchema,
        response: electionCreated,
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const election = await elections.create(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ election });
    },
  );

  app.get(
    '/elections/:id',
    { schema: { tags, params: electionParamsSchema, response: electionOk } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return { election: await elections.get(user, permissions, request.params.id) };
    },
  );

  app.patch(
    '/elections/:id',
    {
      schema: {
        tags,
        params: electionParamsSchema,
        body: updateElectionBodySchema,
        response: electionOk,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        election: await elections.update(user, permissions, request.params.id, request.body),
      };
    },
  );

  // Steps a secretary takes: publish the list, cancel, close the open round.
  const steps = { publish: elections.publish, cancel: elections.cancel, close: elections.closeBy };
  for (const [step, run] of Object.entries(steps)) {
    app.post(
      `/elections/:id/${step}`,
      { schema: { tags, params: electionParamsSchema, response: electionOk } },
      async (request) => {
        const { user, permissions } = await signedInActor(request);
        const election = await run(user, permissions, request.params.id);
        if (step === 'close') app.realtime.pollChanged(election.rounds.at(-1)!.pollId);
        return { election };
      },
    );
  }

  app.post(
    '/elections/:id/rounds',
    {
      schema: {
        tags,
        params: electionParamsSchema,
        body: openRoundBodySchema,
        response: electionOk,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      return {
        election: await elections.openRound(user, permissions, request.params.id, request.body),
      };
    },
  );

  app.get(
    '/elections/:id/members',
    {
      schema: {
        tags,
        description:
          'Whom a secretary may enter as a candidate: members of the assembly not standing, ' +
          'whose name holds every word of `q` (twenty at most).',
        params: electionParamsSchema,
        querystring: personSearchQuerySchema,
        response: { 200: personSearchResultSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { permissions } = await signedInActor(request);
      return {
        people: await elections.membersToEnter(permissions, request.params.id, request.query.q),
      };
    },
  );

  app.post(
    '/elections/:id/candidacies',
    {
      schema: {
        tags,
        params: electionParamsSchema,
        body: candidacyBodySchema,
        response: electionCreated,
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const election = await elections.stand(user, permissions, request.params.id, request.body);
      return reply.status(201).send({ election });
    },
  );

  app.patch(
    '/elections/:id/candidacies/:candidateId',
    {
      schema: {
        tags,
        params: candidateParamsSchema,
        body: updateCandidacyBodySchema,
        response: electionOk,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { id, candidateId } = request.params;
      return {
        election: await elections.updateCandidacy(user, permissions, id, candidateId, request.body),
      };
    },
  );

  app.post(
    '/elections/:id/candidacies/:candidateId/withdraw',
    { schema: { tags, params: candidateParamsSchema, response: electionOk } },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { id, candidateId } = request.params;
      return { election: await elections.withdraw(user, permissions, id, candidateId) };
    },
  );

  app.post(
    '/elections/:id/options',
    {
      schema: {
        tags,
        params: electionParamsSchema,
        body: optionBodySchema,
        response: electionCreated,
      },
    },
    async (request, reply) => {
      const { user, permissions } = await signedInActor(request);
      const election = await elections.addOption(
        user,
        permissions,
        request.params.id,
        request.body.label,
      );
      return reply.status(201).send({ election });
    },
  );

  app.post(
    '/elections/:id/ballots',
    {
      config: { castsVotes: true },
      schema: {
        tags,
        params: electionParamsSchema,
        body: castElectionBallotBodySchema,
        response: { 200: castElectionBallotResponseSchema, ...refusalResponses },
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      // Its batch told every socket of the new participation when it committed.
      return elections.cast(user, permissions, request.params.id, request.body);
    },
  );

  app.post(
    '/elections/:id/site-counts',
    {
      config: { castsVotes: true },
      schema: {
        tags,
        params: electionParamsSchema,
        body: electionSiteCountsBodySchema,
        response: electionOk,
      },
    },
    async (request) => {
      const { user, permissions } = await signedInActor(request);
      const { election, pollId } = await elections.enterSiteCounts(
        user,
        permissions,
        request.params.id,
        request.body,
      );
      app.realtime.pollChanged(pollId);
      return { election };
    },
  );
};
