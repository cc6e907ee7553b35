// People as actors outside a request: a job acting for the person who set it up (a recurring
// inspection made on its day), with the roles they hold now, not when they set it up.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import type { RoleTable } from '../../domain/roles.js';
import type { Executor } from '../db/client.js';
import { units, userRoles, users } from '../db/schema.js';
import { buildActor, type Actor } from './access.js';

/** The active people matching `where`, as actors with their current roles. */
export async function activeActors(db: Executor, table: RoleTable, where: SQL): Promise<Actor[]> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      districtId: users.districtId,
      unitId: users.unitId,
      unitName: units.name,
      unitKind: units.kind,
      unitPath: units.path,
      unitAreas: units.areas,
      roles: sql<RoleKey[]>`coalesce((select array_agg(${userRoles.roleKey}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
    })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.status, 'active'), where))
    .orderBy(users.id);
  return rows.map((r) => buildActor(table, { ...r, unitKind: r.unitKind as UnitKind, unitAreas: r.unitAreas as SafetyArea[], mustChangePassword: false }));
}
