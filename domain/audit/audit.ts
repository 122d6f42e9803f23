import type { EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

/** Who is acting: a request's principal, or an operator at the command line. */
export interface Actor {
  subject: string;
  role: string;
  requestId?: string;
}

export const cliActor = (): Actor => ({ subject: `cli:${process.env.USER ?? process.env.LOGNAME ?? 'unknown'}`, role: 'OPERATOR' });

/** What an entry is about: the entity, and the regions whose ADMINs read the entry (none: national data, every ADMIN). */
export interface AuditSubject {
  type: string;
  id: string;
  regionCodes: string[];
}

export function auditSubject(type: string, id: string, ...regionCodes: (string | null | undefined)[]): AuditSubject {
  return { type, id, regionCodes: [...new Set(regionCodes.filter((code): code is string => !!code))].sort() };
}

export async function recordAudit(
  manager: EntityManager,
  actor: Actor,
  action: string,
  subject: AuditSubject,
  changes: Record<string, unknown>,
): Promise<void> {
  const entry = Object.assign(new AuditEntry(), {
    actor: actor.subject,
    actorRole: actor.role,
    action,
    entityType: subject.type,
    entityId: subject.id,
    regionCodes: subject.regionCodes,
    changes,
    requestId: actor.requestId ?? null,
  });
  await manager.save(AuditEntry, entry, { reload: false });
}

/** Field → { from, to } for the fields whose value differs. */
export function diff<T extends object>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    const from = (before as Record<string, unknown>)[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
