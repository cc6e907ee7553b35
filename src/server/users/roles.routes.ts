import { roleListBody } from '../../contracts/roles.js';
import { requireAccess } from '../access/access.js';
import type { App } from '../app.js';
import { ctxOf } from '../context.js';

export default async function roleRoutes(app: App) {
  app.get('/roles', { schema: { tags: ['roles'], summary: '角色与权限表', response: { 200: roleListBody } } }, (req) => {
    requireAccess(ctxOf(req).actor, 'role.read');
    return { items: [...app.deps.roleTable.values()] };
  });
}
