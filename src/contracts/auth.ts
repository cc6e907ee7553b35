import { z } from 'zod';
import { permissions, roleKeys, unitKinds } from './enums.js';

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword: z.string().min(1, '请输入新密码').max(128),
});

export const unitRef = z.object({ id: z.number().int(), name: z.string(), kind: z.enum(unitKinds) });

export const meBody = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    mustChangePassword: z.boolean(),
  }),
  unit: unitRef,
  // From the root of the tree down to the user's own unit.
  unitPath: z.array(unitRef),
  roles: z.array(z.enum(roleKeys)),
  permissions: z.array(z.enum(permissions)),
  // 'district': the whole district; 'areas': every school, hazards of the department's areas only;
  // 'unit': the person's own unit and what lies below it.
  scope: z.enum(['district', 'areas', 'unit']),
  csrfToken: z.string(),
  idleTimeoutMinutes: z.number().int(),
});
export type Me = z.infer<typeof meBody>;

export const metaBody = z.object({
  demo: z.boolean(),
  demoAccounts: z.array(z.object({ username: z.string(), password: z.string(), description: z.string() })),
});
