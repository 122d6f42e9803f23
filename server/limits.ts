import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { ErrorCode } from './errors';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

/** Page size assumed for a list field without `first`, and the most any `first` counts for. */
export const ASSUMED_LIST_SIZE = 20;
export const MAX_COUNTED_PAGE = 100;

export interface QueryMeasure {
  depth: number;
  aliases: number;
  cost: number;
}

/**
 * The cost model (README “Limits”): every field costs 1; a field that returns a list costs 1 plus
 * its selection times the number of items it may return — its `first` (default 20, counted at most
 * 100), the length of `ids`, or 20 for lists without either; the `edges`/`nodes` of what such a field
 * returns (a connection, a list of matches) are that page, not another list. Nested lists multiply. Introspection is free.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const measure: QueryMeasure = { depth: 0, aliases: 0, cost: 0 };
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return measure;
  const root = schema.getRootType(operation.operation);
  if (!root) return measure;

  // A variable the request leaves out takes its declared default (`query($n: Int = 100)`).
  const defaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  const valueOf = (node: ValueNode): unknown => {
    if (node.kind === Kind.VARIABLE) return variables[node.name.value] === undefined ? defaults.get(node.name.value) : variables[node.name.value];
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    return undefined;
  };

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, depth: number, paged = false): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && type) cost += walk(fragment.selectionSet, type, depth, paged);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) cost += walk(selection.selectionSet, type, depth, paged);
        continue;
      }
      const name = selection.name.value;
      // Aliases count even on introspection fields: `a1: __schema … a500: __schema` is no cheaper.
      if (selection.alias) measure.aliases++;
      if (name.startsWith('__')) continue;
      measure.depth = Math.max(measure.depth, depth);
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!field || !selection.selectionSet) {
        cost += 1;
        continue;
      }
      const firstArg = selection.arguments?.find((a) => a.name.value === 'first');
      const idsArg = selection.arguments?.find((a) => a.name.value === 'ids');
      const pages = field.args.some((a) => a.name === 'first') && !isListType(getNullableType(field.type));
      const child = walk(selection.selectionSet, getNamedType(field.type), depth + 1, pages);
      let multiplier = 1;
      if (paged && (name === 'edges' || name === 'nodes')) {
        // A page's `edges` and `nodes` (a connection, a list of matches) are what its field's `first` already counted.
        multiplier = 1;
      } else if (firstArg) {
        const first = Number(valueOf(firstArg.value));
        multiplier = Number.isFinite(first) ? Math.min(Math.max(first, 1), MAX_COUNTED_PAGE) : ASSUMED_LIST_SIZE;
      } else if (field.args.some((a) => a.name === 'first')) {
        multiplier = ASSUMED_LIST_SIZE;
      } else if (idsArg) {
        const ids = valueOf(idsArg.value);
        multiplier = Array.isArray(ids) ? Math.max(ids.length, 1) : ASSUMED_LIST_SIZE;
      } else if (isListType(getNullableType(field.type))) {
        multiplier = ASSUMED_LIST_SIZE;
      }
      cost += 1 + child * multiplier;
    }
    return cost;
  };
  measure.cost = walk(operation.selectionSet, root, 1);
  return measure;
}

function reject(code: string, message: string, detail: Record<string, number>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...detail, http: { status: 400 } } });
}

/** Refuses over-deep, over-aliased or over-costly operations before any resolver runs. */
export function queryLimitsPlugin<T extends object>(limits: QueryLimits): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const m = measureOperation(schema, document, operationName, request.variables ?? {});
          if (m.depth > limits.maxDepth) {
            throw reject(ErrorCode.QUERY_TOO_DEEP, `Query depth ${m.depth} exceeds the limit of ${limits.maxDepth}`, { depth: m.depth, limit: limits.maxDepth });
          }
          if (m.aliases > limits.maxAliases) {
            throw reject(ErrorCode.TOO_MANY_ALIASES, `Query uses ${m.aliases} aliases; the limit is ${limits.maxAliases}`, { aliases: m.aliases, limit: limits.maxAliases });
          }
          if (m.cost > limits.maxCost) {
            throw reject(ErrorCode.QUERY_TOO_COSTLY, `Query cost ${m.cost} exceeds the limit of ${limits.maxCost} (see README “Limits”)`, { cost: m.cost, limit: limits.maxCost });
          }
        },
      };
    },
  };
}
