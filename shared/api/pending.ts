import * as z from 'zod';
export const PENDING = z.unknown();
