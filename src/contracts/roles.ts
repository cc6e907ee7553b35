import { z } from 'zod';
import { permissions, roleKeys, unitKinds } from './enums.js';

export const roleBody = z.object({
  key: z.enum(roleKeys),
  name: z.string(),
  // 'district': everything in the district; 'areas': every school, hazards of the department's
  // areas only; 'unit': the person's own unit and what lies below it.
  scope: z.enum(['district', 'areas', 'unit']),
  unitKinds: z.array(z.enum(unitKinds)),
  permissions: z.array(z.enum(permissions)),
});
export const roleListBody = z.object({ items: z.array(roleBody) });
