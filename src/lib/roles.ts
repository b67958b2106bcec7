/** The roles of accounts and their names on screen (permissions: server/auth/roles.ts). */
export const ROLES = ['admin', 'reviewer', 'viewer', 'agency'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', reviewer: '审核员', viewer: '查看', agency: '单位' };
