import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

/** Deeper than any body the API takes; deeper still is an attack on recursive code. */
const maxDepth = 32;

/** With the `u` flag a paired surrogate is one code point: only lone halves match. */
const loneSurrogate = /\p{Surrogate}/u;

type Container = Record<string, unknown> | unknown[];

/**
 * The one rule for text that comes from outside, applied to every path parameter, query value
 * and body before any route sees it: a NUL byte or a lone UTF-16 surrogate is refused (the
 * database cannot store the first, JSON columns refuse the second, and neither is ever meant),
 * naming the field; everything else is normalised to NFC, so "é" typed on a Mac and on a phone
 * is one text for searches, comparisons and hashes.
 */
export function cleanInput(value: unknown, root: string): unknown {
  if (typeof value === 'string') return cleanString(value, root);
  if (!value || typeof value !== 'object') return value;
  const stack: { node: Container; path: string; depth: number }[] = [
    { node: value as Container, path: '', depth: 1 },
  ];
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (depth > maxDepth) throw refusal(path || root, 'is nested too deeply');
    const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
    for (const key of keys) {
      const field = path ? `${path}.${key}` : String(key);
      if (typeof key === 'string') cleanString(key, field);
      const item = (node as Record<string | number, unknown>)[key];
      if (typeof item === 'string') {
        (node as Record<string | number, unknown>)[key] = cleanString(item, field);
      } else if (item && typeof item === 'object') {
        stack.push({ node: item as Container, path: field, depth: depth + 1 });
      }
    }
  }
  return value;
}

function cleanString(text: string, field: string): string {
  if (text.includes('\u0000')) throw refusal(field, 'contains a NUL character');
  if (loneSurrogate.test(text))
    throw refusal(field, 'contains a broken character (lone surrogate)');
  return text.normalize('NFC');
}

function refusal(field: string, problem: string) {
  return new AppError(400, 'validation.invalid_text', `${field}: ${problem}.`, field);
}

const isEmptyObject = (value: unknown) =>
  !!value && typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length;

/**
 * Runs the rule before validation, so schemas and services only ever see clean text. A PATCH
 * that names no field is refused here too, once for every route: it changes nothing, and an
 * update with nothing to set is not a statement the database accepts.
 */
async function inputPlugin(app: FastifyInstance) {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    request.params = cleanInput(request.params, 'params');
    request.query = cleanInput(request.query, 'query');
    if (request.body !== undefined) request.body = cleanInput(request.body, 'body');
    if (request.method === 'PATCH' && isEmptyObject(request.body)) {
      throw new AppError(
        400,
        'validation.invalid',
        'body: name at least one field to change.',
        'body',
      );
    }
  });
}

export default fp(inputPlugin, { name: 'input', dependencies: ['errors'] });
