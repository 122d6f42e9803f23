import type { ValidationError } from 'class-validator';
import { GraphQLError, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, DomainErrors, ErrorCode, toGraphQLError } from '../../server/errors';
import { isPromiseLike } from '../../server/promise-like';
import type { UserError } from './user-error';

function flatten(errors: ValidationError[], path: string[]): UserError[] {
  return errors.flatMap((e) => {
    const here = [...path, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: here, message, code: 'INVALID' }));
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

/**
 * The single place where errors become the contract: in a mutation, input that fails its declared
 * checks or a rule that says no turns into `userErrors`; in a query, into a BAD_USER_INPUT (or the
 * rule's own code) naming the field. Everything else passes on to `formatError`.
 */
function errorContract(err: unknown, isMutation: boolean): { userErrors: UserError[] } {
  if (err instanceof ArgumentValidationError) {
    const validationErrors = (err.extensions.validationErrors ?? []) as ValidationError[];
    const userErrors = flatten(validationErrors, isMutation ? ['input'] : []);
    if (isMutation) return { userErrors };
    const first = userErrors[0];
    throw new GraphQLError(first?.message ?? 'invalid argument', {
      extensions: { code: ErrorCode.BAD_USER_INPUT, field: first?.field, fields: userErrors.map(({ field, message }) => ({ field, message })) },
    });
  }
  if (err instanceof DomainErrors) {
    if (isMutation) return { userErrors: err.errors.map((e) => ({ field: e.field ?? null, message: e.message, code: e.code })) };
    throw toGraphQLError(err.errors[0]);
  }
  if (err instanceof DomainError) {
    if (isMutation) return { userErrors: [{ field: err.field ?? null, message: err.message, code: err.code }] };
    throw toGraphQLError(err);
  }
  throw err;
}

/**
 * Puts `errorContract` around every resolver the schema has, once, when it is built. A type-graphql
 * global middleware would do the same through an async dispatch per field, which a list of 10
 * courses pays some 50 times per request; here a resolver that answers at once stays synchronous.
 */
export function applyErrorContract(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    const isMutation = type === schema.getMutationType();
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      field.resolve = (source, args, context, info) => {
        try {
          const result = resolve(source, args, context, info);
          return isPromiseLike(result) ? Promise.resolve(result).catch((err: unknown) => errorContract(err, isMutation)) : result;
        } catch (err) {
          return errorContract(err, isMutation);
        }
      };
    }
  }
}
