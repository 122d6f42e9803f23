import type { AuthChecker } from 'type-graphql';
import type { Role } from '../../server/auth';
import type { Context } from '../../server/context';
import { forbidden, unauthenticated } from '../../server/errors';

/**
 * `@Authorized()` needs any principal; `@Authorized(Role.ADMIN, …)` one of those roles. Scope
 * (region, enterprise, provider) is checked by the services, which know what is being touched.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context, info }, roles) => {
  const principal = context.principal;
  if (!principal) throw unauthenticated(`Sign in to use ${info.parentType.name}.${info.fieldName}`);
  if (roles.length > 0 && !roles.includes(principal.role)) {
    throw forbidden(`${principal.role} may not use ${info.parentType.name}.${info.fieldName} (needs ${roles.join(' or ')})`);
  }
  return true;
};
