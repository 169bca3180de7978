// Types for oidc-provider's own in-memory adapter, which its type definitions do not cover.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type { AdapterFactory } from 'oidc-provider';

  /** A store of its own per call, unlike the default adapter, which all providers in a process share. */
  export function createMemoryAdapter(clockTolerance?: number): AdapterFactory;
}
