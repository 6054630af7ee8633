import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * OpenAPI document generated from the same zod schemas that validate requests. Served as JSON
 * at /api/docs (no bundled viewer: it would ship third-party scripts); load it in any OpenAPI tool.
 */
async function docsPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Cercle API',
        version: '1',
        description: 'Permanent, decentralised general assembly. Cookie-authenticated JSON API.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
}

export default fp(docsPlugin, { name: 'docs' });
