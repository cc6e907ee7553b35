// The demo district's people as actors, for the demo loaders that act through the services as the
// people would: each active person with its unit and roles. One place for what six loaders copied.
import { and, eq, inArray } from 'drizzle-orm';
import type { RoleKey, SafetyArea, UnitKind } from '../../contracts/enums.js';
import { buildActor, loadRoleTable, type Actor } from '../access/access.js';
import type { Db } from '../db/client.js';
import { units, userRoles, users } from '../db/schema.js';

export async function demoPeople(db: Db, districtId: number) {
  const table = await loadRoleTable(db);
  const people = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, unitId: users.unitId, unitName: units.name, unitKind: units.kind, unitPath: units.path, unitAreas: units.areas })
    .from(users)
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.districtId, districtId), eq(users.status, 'active')));
  const roleRows = await db.select().from(userRoles).where(inArray(userRoles.userId, people.map((p) => p.id)));
  const rolesOf = (id: number) => roleRows.filter((r) => r.userId === id).map((r) => r.roleKey as RoleKey);
  const actorOf = (p: (typeof people)[number]): Actor =>
    buildActor(table, { id: p.id, username: p.username, displayName: p.displayName, districtId, unitId: p.unitId, unitName: p.unitName, unitKind: p.unitKind as UnitKind, unitPath: p.unitPath, unitAreas: p.unitAreas as SafetyArea[], roles: rolesOf(p.id), mustChangePassword: false });
  return { table, people, rolesOf, actorOf };
}
