import { Field, ID, InterfaceType } from 'type-graphql';
import { badInput, DomainError } from '../../server/errors';

/** Opaque global id: base64url of `Type:key`. Natural keys stay visible as their own fields. */
export function toGlobalId(type: string, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: string; key: string } | undefined {
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || toGlobalId(decoded.slice(0, colon), decoded.slice(colon + 1)) !== id) return undefined;
  return { type: decoded.slice(0, colon), key: decoded.slice(colon + 1) };
}

const DATABASE_ID = /^\d{1,18}$/;

/** The database id inside a mutation input's global id of `type`; a userError on `field` otherwise. */
export function inputIdOf(type: string, globalId: string, field: string[]): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type || !DATABASE_ID.test(parsed.key)) {
    throw new DomainError('INVALID', `${field[field.length - 1]} is not the id of a ${type}`, field);
  }
  return parsed.key;
}

/** The same for a query argument: BAD_USER_INPUT on `field`. */
export function argIdOf(type: string, globalId: string, field: string[]): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type || !DATABASE_ID.test(parsed.key)) throw badInput(`${field.join('.')} is not the id of a ${type}`, field);
  return parsed.key;
}

/** Maps the entity classes resolvers return to their GraphQL type names. */
const typeNames = new Map<Function, string>();

export function registerNodeType(entity: Function, graphqlName: string): void {
  typeNames.set(entity, graphqlName);
}

@InterfaceType({
  description: 'An object with a global id, fetchable with `node(id:)`.',
  resolveType: (value: object) => typeNames.get(value.constructor),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id: string;
}
