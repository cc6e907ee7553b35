import { roleListBody } from '../../contracts/roles.js';
import { can } from '../access/access.js';
import { forbidden } from '../errors.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';

export default async function roleRoutes(app: App) {
  app.get('/roles', { schema: { tags: ['roles'], summary: '角色与权限表', response: { 200: roleListBody } } }, (req) => {
    const { actor } = ctxOf(req);
    // Whoever hands out roles needs to see them, to offer only those they may grant.
    if (!can(actor, 'role.read') && !can(actor, 'user.manage')) throw forbidden();
    return { items: [...app.deps.roleTable.values()] };
  });
}
