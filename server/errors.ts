import { GraphQLError } from 'graphql';

/**
 * The one error contract. A DomainError is a business rule saying no: in a mutation it becomes a
 * `userError` in the payload; in a query it becomes a GraphQL error with the same code and field.
 * Anything else that escapes a resolver is masked by `formatError` and logged with the request id.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    /** Path inside the arguments, e.g. ['input', 'regionCode'] or ['code']. */
    public readonly field?: string[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string, field?: string[]) {
    super('NOT_FOUND', `${what} ${key} does not exist`, field);
  }
}

/** Several problems found at once (all the invalid rows of a batch, every invalid field of an input). */
export class DomainErrors extends Error {
  constructor(public readonly errors: DomainError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'DomainErrors';
  }
}

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/**
 * Codes clients may see as they are; anything else is masked. Not INTERNAL_SERVER_ERROR: Apollo gives
 * that code to every error that has none, so letting it through would show raw messages (SQL, stack).
 */
export const PUBLIC_ERROR_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'SEARCH_UNAVAILABLE',
  'CONFLICT',
]);

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function badInput(message: string, field: string[]): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}

/** A rule that says no to a query: its own code and field, shown to the client as they are (see `isDomainRefusal`). */
export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, ...(error.field ? { field: error.field } : {}) } });
}

/** Whether an error is a domain rule's refusal, which carries a code of its own and is meant for the client. */
export function isDomainRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && error.originalError instanceof DomainError;
}
