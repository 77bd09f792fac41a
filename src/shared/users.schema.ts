import { z } from "zod";
import { ROLES } from "./enums.js";

export const roleSchema = z.enum(ROLES);

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    roles: z.array(roleSchema),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSignInAt: z.iso.datetime().nullable(),
    /** Linked to a single sign-on identity (REDRESS_OIDC_ISSUER). */
    sso: z.boolean(),
  })
  .meta({ id: "User" });
export type UserView = z.infer<typeof userSchema>;

export const createUserSchema = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  password: z.string().max(1024),
  roles: z.array(roleSchema).min(1),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(roleSchema).min(1).optional(),
  active: z.boolean().optional(),
  password: z.string().max(1024).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const signInSchema = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

export const tokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    userId: z.uuid(),
    roles: z.array(roleSchema).nullable(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiToken" });

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Restricts the token to some of its user's roles; default: act with all of them. */
  roles: z.array(roleSchema).min(1).optional(),
});
