// The app's one way to the platform: the typed client derived from the contract, on the page's own origin.
import { apiClient } from '../../shared/api/client.ts';

export const api = apiClient({ baseUrl: '', timeoutMs: 30_000 });
