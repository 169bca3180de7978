// The catalog's vocabulary: policy items, their redemption mode and channel, and the departments owning them.
import * as z from 'zod';

export const MODES = ['auto', 'instant', 'review'] as const;
export type Mode = (typeof MODES)[number];
export const CHANNELS = ['online', 'window'] as const;
export type Channel = (typeof CHANNELS)[number];

/** GB/T 2260 division code of a jurisdiction: six digits. */
export const divisionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');

export interface Department {
  id: string;
  name: string;
  divisionCode: string;
}

/** A policy item (惠企政策子项) as the catalog lists it. */
export interface Policy {
  id: string;
  divisionCode: string;
  /** The item's number in the jurisdiction's published list. */
  seq: number;
  /** 主项: the policy group the item belongs to. */
  groupName: string;
  /** 子项: the item itself. */
  name: string;
  mode: Mode;
  channel: Channel;
  departmentId: string;
  departmentName: string;
  status: 'published' | 'suspended' | 'expired';
  version: number;
}
