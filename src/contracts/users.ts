import { z } from 'zod';
import { pageOf, pageQuery, phoneSchema } from './common.js';
import { roleKeys, unitKinds, userStatuses } from './enums.js';

export const userActions = ['update', 'disable', 'enable', 'resetPassword'] as const;

export const userBody = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  unit: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(unitKinds) }),
  roles: z.array(z.enum(roleKeys)),
  status: z.enum(userStatuses),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  actions: z.array(z.enum(userActions)),
});
export type User = z.infer<typeof userBody>;

export const userListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(50).optional(),
  unitId: z.coerce.number().int().positive().optional(),
  // Any unit below this one.
  under: z.coerce.number().int().positive().optional(),
  role: z.enum(roleKeys).optional(),
  status: z.enum(userStatuses).optional(),
});
export const userPage = pageOf(userBody);

export const usernameSchema = z
  .string()
  .trim()
  .min(3, '用户名至少 3 个字符')
  .max(64, '用户名最多 64 个字符')
  .regex(/^[a-zA-Z][a-zA-Z0-9._-]*$/, '用户名以字母开头，只能包含字母、数字、点、下划线和短横线');

export const createUserBody = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, '请输入姓名').max(30, '姓名最多 30 个字'),
  phone: phoneSchema.nullable().optional().or(z.literal('').transform(() => null)),
  unitId: z.number().int().positive(),
  roles: z.array(z.enum(roleKeys)).min(1, '至少选择一个角色').max(roleKeys.length),
});
export type CreateUser = z.infer<typeof createUserBody>;

export const updateUserBody = createUserBody.omit({ username: true }).partial().extend({ version: z.number().int().positive() });
export type UpdateUser = z.infer<typeof updateUserBody>;

// A new account and a reset both hand out a one-time password, shown once.
export const userWithPasswordBody = z.object({ user: userBody, temporaryPassword: z.string() });
