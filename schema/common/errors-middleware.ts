import type { ValidationError } from 'class-validator';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError, type MiddlewareFn } from 'type-graphql';
import { DomainError, DomainErrors, ErrorCode, toGraphQLError } from '../../server/errors';
import type { Context } from '../../server/context';
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
export const ErrorContract: MiddlewareFn<Context> = async ({ info }, next) => {
  const isMutation = info.parentType.name === 'Mutation';
  try {
    return await next();
  } catch (err) {
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
};
