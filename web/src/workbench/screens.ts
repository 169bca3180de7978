// The workbench's screens (工作台): which roles each serves, in the order a role's day asks for them — what needs
// doing first comes first. The menu, the landing page and the router all read this one list.

import type { User } from 'oidc-client-ts';
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export type StaffRole = 'window' | 'department' | 'agency' | 'payer' | 'finance' | 'admin';
export const STAFF_ROLES: readonly StaffRole[] = [
  'window',
  'department',
  'agency',
  'payer',
  'finance',
  'admin',
];

/** What a screen is given: the signed-in person and, under /work/<section>/<id>, the id. */
export interface ScreenProps {
  user: User;
  id?: string;
}

export interface WorkScreen {
  /** The path segment under /work. */
  section: string;
  title: string;
  /** One line on the landing page: what the screen is for. */
  hint: string;
  roles: readonly StaffRole[];
  /** The screen under /work/<section>; with an id, `detail` when there is one. */
  list: LazyExoticComponent<ComponentType<ScreenProps>>;
  detail?: LazyExoticComponent<ComponentType<ScreenProps>>;
}

export const load = <K extends string>(
  loader: () => Promise<Record<K, ComponentType<ScreenProps>>>,
  name: K,
) => lazy(() => loader().then((module) => ({ default: module[name] })));

export const WORK_SCREENS: readonly WorkScreen[] = [];

export const screensOf = (role: string): WorkScreen[] =>
  WORK_SCREENS.filter((screen) => (screen.roles as readonly string[]).includes(role));
