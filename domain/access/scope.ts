import { Role, regionCovers, type Principal } from '../../server/auth';
import { DomainError } from '../../server/errors';

/**
 * Scope rules shared by every service: an ADMIN, COUNSELLOR or AGENCY acts in its region and all
 * regions below it; an ENTERPRISE only for itself. Breaking them is a FORBIDDEN userError on the field.
 */
export function assertRegionInScope(principal: Principal, regionCode: string, field: string[]): void {
  if (!principal.regionCode || !regionCovers(principal.regionCode, regionCode)) {
    throw new DomainError('FORBIDDEN', `region ${regionCode} is outside your region ${principal.regionCode ?? '(none)'}`, field);
  }
}

export function canActForEnterprise(principal: Principal, enterprise: { id: string; regionCode: string }): boolean {
  if (principal.role === Role.ENTERPRISE) return principal.enterpriseId === enterprise.id;
  if (principal.role === Role.ADMIN) return !!principal.regionCode && regionCovers(principal.regionCode, enterprise.regionCode);
  return false;
}

export function assertCanActForEnterprise(principal: Principal, enterprise: { id: string; regionCode: string }, field: string[]): void {
  if (!canActForEnterprise(principal, enterprise)) {
    throw new DomainError('FORBIDDEN', `you may not act for enterprise ${enterprise.id}`, field);
  }
}

/** Roles that may read any enterprise and skill chain (registry data, public in China's credit system). */
export const REGISTRY_READERS: readonly Role[] = [Role.ADMIN, Role.COUNSELLOR, Role.AGENCY];
