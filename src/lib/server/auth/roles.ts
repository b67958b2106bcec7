/**
 * Who may do what (workbench.md): the one place permissions live. Every endpoint and action
 * asks here, on the server; hiding a button is not a check.
 */
import { error } from '@sveltejs/kit';

import { ROLES, ROLE_LABELS, type Role } from '../../roles.js';

export { ROLES, ROLE_LABELS, type Role };

/** A signed-in person, as a request knows them. */
export interface SessionUser {
	id: number;
	username: string;
	role: Role;
	/** The agency an agency account speaks for. */
	agency_id: number | null;
}

export type Action =
	/** the dashboard */
	| 'read'
	/** reviews and notes on any finding, and their history */
	| 'read_reviews'
	/** mark a finding 属实 / 误报 / 已整改 */
	| 'review'
	/** an agency's 说明 on its own finding */
	| 'reply'
	/** report files in through the browser (an agency: its own) */
	| 'upload'
	/** at an upload's commit, credit a report to a registry agency, or add one to the registry */
	| 'assign_agency'
	/** 通报, 整改通知, 问题清单 */
	| 'notice'
	/** the registry of agencies (单位名录): add, rename, move, merge (撤并), close; and read it whole */
	| 'manage_registry'
	| 'manage_users'
	| 'read_audit'
	| 'backup';

const GRANTS: Record<Role, readonly Action[]> = {
	viewer: ['read'],
	agency: ['read', 'reply', 'upload'],
	reviewer: ['read', 'read_reviews', 'review', 'upload', 'assign_agency', 'notice', 'manage_registry'],
	admin: ['read', 'read_reviews', 'review', 'upload', 'assign_agency', 'notice', 'manage_registry', 'manage_users', 'read_audit', 'backup']
};
/** Actions an agency account may take only on its own agency's things. */
const OWN_AGENCY_ONLY: readonly Action[] = ['reply', 'upload'];

/** Whether the dashboard is open to anyone who reaches it (the default) or only to accounts (NIANBAO_PUBLIC=0). */
export const isPublic = (): boolean => process.env.NIANBAO_PUBLIC !== '0';

export function can(user: SessionUser | null, action: Action, agencyId?: number | null): boolean {
	if (!user) return action === 'read' && isPublic();
	if (!GRANTS[user.role].includes(action)) return false;
	if (user.role === 'agency' && OWN_AGENCY_ONLY.includes(action) && agencyId !== undefined) return agencyId !== null && agencyId === user.agency_id;
	return true;
}

/** Whether reviewers' notes and names on an agency's findings are this user's to read (an agency account: its own only). */
export function readsNotes(user: SessionUser | null, agencyId?: number): boolean {
	if (can(user, 'read_reviews')) return true;
	return !!user && user.role === 'agency' && agencyId !== undefined && user.agency_id === agencyId;
}

/** Throws 401 for no one signed in, 403 for someone who may not; returns the user otherwise. */
export function authorize(user: SessionUser | null, action: 'read', agencyId?: number | null): SessionUser | null;
/** Anything but reading needs an account: the user is returned, never null. */
export function authorize(user: SessionUser | null, action: Exclude<Action, 'read'>, agencyId?: number | null): SessionUser;
export function authorize(user: SessionUser | null, action: Action, agencyId?: number | null): SessionUser | null {
	if (can(user, action, agencyId)) return user;
	if (!user) error(401, '请先登录');
	error(403, '没有权限');
}
