// What each redemption mode is called in Chinese, by enterprises and staff alike.
import type { Mode } from './types.ts';

export const MODE_NAMES: Record<Mode, string> = {
  auto: '免申即享',
  instant: '即申即享',
  review: '承诺兑现',
};
