import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context, Services } from './context';
import { createContext } from './context';
import { Role, type Principal } from './auth';
import { ErrorCode } from './errors';
import type { Logger } from './logger';
import { requestStore } from './request-store';

export interface Probe {
  name: string;
  check(): Promise<void>;
}

class BodyTooLarge extends Error {
  constructor(public readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(limit));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Plain node:http in front of Apollo: request ids, access logs, body limit, health probes. */
export function createHttpServer(apollo: ApolloServer<Context>, services: Services, probes: Probe[], log: Logger): Server {
  return createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const store = { requestId, sqlQueries: 0 };
    res.on('finish', () => {
      log.info('request', {
        requestId,
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        sqlQueries: store.sqlQueries,
      });
    });
    try {
      await requestStore.run(store, async () => {
        if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
        if (url.pathname === '/readyz') return await ready(res, probes);
        if (url.pathname === '/') {
          res.writeHead(302, { location: '/graphql' });
          return res.end();
        }
        if (url.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found; the API is at /graphql' });
        await graphql(req, res, url, apollo, services, requestId);
      });
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, {
          errors: [{ message: err.message, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, limit: err.limit } }],
          extensions: { requestId },
        });
      }
      log.error('request failed', { requestId, err });
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } }] });
      else res.end();
    }
  });
}

async function ready(res: ServerResponse, probes: Probe[]): Promise<void> {
  const results = await Promise.all(
    probes.map(async (p) => {
      try {
        await p.check();
        return { name: p.name, ok: true };
      } catch (err) {
        return { name: p.name, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const ok = results.every((r) => r.ok);
  sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks: results });
}

async function graphql(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  apollo: ApolloServer<Context>,
  services: Services,
  requestId: string,
): Promise<void> {
  // Credentials are checked before the body is read: only an authenticated agency may send a bulk-sized body.
  const key = req.headers['x-api-key'];
  let principal: Principal | undefined;
  let authError: unknown;
  try {
    principal = await services.authenticator.authenticate(req.headers.authorization, typeof key === 'string' ? key : undefined);
  } catch (err) {
    authError = err;
  }
  const { maxBodyBytes, maxBulkBodyBytes } = services.config;
  const limit = principal?.role === Role.AGENCY ? Math.max(maxBodyBytes, maxBulkBodyBytes) : maxBodyBytes;
  const rawBody = req.method === 'POST' ? await readBody(req, limit) : '';
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (rawBody) {
    try {
      body = (headers.get('content-type') ?? '').includes('json') ? JSON.parse(rawBody) : rawBody;
    } catch {
      return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }], extensions: { requestId } });
    }
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => {
      if (authError instanceof GraphQLError) {
        throw new GraphQLError(authError.message, { extensions: { ...authError.extensions, http: { status: 401 } } });
      }
      if (authError) throw authError;
      const idempotencyKey = req.headers['idempotency-key'];
      return Object.assign(createContext(services, requestId, principal), { idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined });
    },
  });
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // Answers Apollo gives before running anything (bad credentials, batches, CSRF) have no plugin to add the id.
    const text = res.statusCode >= 400 ? withRequestId(response.body.string, requestId) : response.body.string;
    for (const [key, value] of response.headers) if (key !== 'content-length') res.setHeader(key, value);
    res.end(text);
  } else {
    for (const [key, value] of response.headers) res.setHeader(key, value);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/** An error body with `extensions.requestId`, as every answer carries. */
function withRequestId(body: string, requestId: string): string {
  try {
    const parsed = JSON.parse(body) as { extensions?: Record<string, unknown> };
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || parsed.extensions?.requestId) return body;
    return JSON.stringify({ ...parsed, extensions: { ...parsed.extensions, requestId } });
  } catch {
    return body;
  }
}
