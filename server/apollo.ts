import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { Config } from './config';
import type { Context } from './context';
import { ErrorCode, isDomainRefusal, PUBLIC_ERROR_CODES } from './errors';
import { queryLimitsPlugin } from './limits';
import type { Logger } from './logger';
import { currentRequestId, requestStore } from './request-store';

/** Known codes pass as they are; anything unexpected is logged with the request id and masked. */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && (PUBLIC_ERROR_CODES.has(code) || isDomainRefusal(unwrapResolverError(error)))) {
      const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const requestId = currentRequestId();
    const original = unwrapResolverError(error);
    log.error('unexpected error', { requestId, path: formatted.path, err: original instanceof Error ? original : String(original) });
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    };
  };
}

/** Adds the request id (and, outside production, the SQL statement count) to every response, and `degraded` when search fell back to PostgreSQL. */
function responseExtensions(exposeQueryCount: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const store = requestStore.getStore();
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            requestId: store?.requestId,
            ...(exposeQueryCount ? { sqlQueries: store?.sqlQueries } : {}),
            ...(store?.degraded ? { degraded: true } : {}),
          };
        },
      };
    },
  };
}

export function createApollo(schema: GraphQLSchema, config: Config, log: Logger): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    introspection: !config.isProduction,
    hideSchemaDetailsFromClientErrors: config.isProduction,
    allowBatchedHttpRequests: false,
    // server/main.ts owns shutdown: HTTP drained, Apollo, worker, then the databases.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(log),
    plugins: [
      // No type or field carries cache hints, and the default cache-control plugin wraps every field resolver (a measured ~4% of a match request's CPU).
      ApolloServerPluginCacheControlDisabled(),
      config.isProduction ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      ...(config.isProduction ? [ApolloServerPluginDisableSuggestions()] : []),
      queryLimitsPlugin(config.limits),
      responseExtensions(!config.isProduction),
    ],
  });
}
