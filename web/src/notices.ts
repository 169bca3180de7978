// Which of the enterprise's notices it has not seen yet: the newest one seen is remembered in this browser, and every
// place that counts them hears when it changes.
import { useQuery } from '@tanstack/react-query';
import type { User } from 'oidc-client-ts';
import { useSyncExternalStore } from 'react';
import { api } from './api.ts';
import { claimsOf } from './auth.ts';

const SEEN_EVENT = 'huiqi:notices-seen';
const seenKey = (user: User) => `huiqi.noticesSeen.${claimsOf(user).subject}`;

export function useNotices(user: User | null | undefined) {
  const enterprise = user ? claimsOf(user).role === 'enterprise' : false;
  return useQuery({
    queryKey: ['notices', user?.access_token],
    queryFn: () => api.call('GET /notifications', {}, user?.access_token),
    enabled: enterprise,
    refetchInterval: 60_000,
  });
}

const subscribe = (onChange: () => void) => {
  window.addEventListener(SEEN_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(SEEN_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
};

/** The instant of the newest notice this person has seen here ('' for none), kept current. */
export function useSeen(user: User | null | undefined): string {
  return useSyncExternalStore(subscribe, () => (user ? (localStorage.getItem(seenKey(user)) ?? '') : ''));
}

export const unreadCount = (seen: string, items: { at: string }[]): number =>
  items.filter((notice) => notice.at > seen).length;

export function markSeen(user: User, items: { at: string }[]): void {
  // ISO instants sort as text.
  const newest = items
    .map((notice) => notice.at)
    .sort()
    .at(-1);
  if (!newest) return;
  localStorage.setItem(seenKey(user), newest);
  window.dispatchEvent(new Event(SEEN_EVENT));
}
