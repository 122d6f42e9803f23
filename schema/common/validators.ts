import { Matches, validateOrReject, type ValidationError } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { OCCUPATION_CODE } from '../../domain/occupation/occupation.entity';
import { REGION_CODE } from '../../domain/region/region.entity';

/** A six-digit GB/T 2260 region code; the message names the field it guards. */
export const IsRegionCode = () => Matches(REGION_CODE, { message: ({ property }) => `${property} must be a six-digit GB/T 2260 code such as 210200` });

/** A 2022 classification code; the message names the field it guards. */
export const IsOccupationCode = () => Matches(OCCUPATION_CODE, { message: ({ property }) => `${property} must look like 4-04-05-05 (2022 classification)` });

/** As type-graphql validates with `validate: { forbidUnknownValues: false }`: absent optional fields are not checked. */
const ARGUMENT_VALIDATION = { forbidUnknownValues: false, skipMissingProperties: true } as const;

/**
 * Every input object (or list of them) an operation receives, checked against its class-validator
 * decorators; failures raise type-graphql's ArgumentValidationError, which the error contract maps.
 * Given to `buildSchema` as `validateFn`: type-graphql's built-in path imports class-validator again
 * on every argument it checks.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const objects = (Array.isArray(value) ? value : [value]).filter((item): item is object => item !== null && typeof item === 'object');
  try {
    await Promise.all(objects.map((item) => validateOrReject(item, ARGUMENT_VALIDATION)));
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}
