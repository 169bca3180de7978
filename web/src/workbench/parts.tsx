// What several workbench screens share: a pool's usage in words and a bar, warning tags, policy and department names,
// and files saved from the platform (reports need the bearer token, so a plain link cannot fetch them).
import { useQuery } from '@tanstack/react-query';
import { Flex, Input, Tag } from 'antd';
import { useId } from 'react';
import { ApiError } from '../../../shared/api/client.ts';
import { WARNING_COLOUR_NAMES, WARNING_RULE_NAMES } from '../../../shared/risk/rule-names.ts';
import type { WarningColour, WarningRule } from '../../../shared/risk/rules.ts';
import { api } from '../api.ts';
import { saveFile } from '../components/download.ts';
import { TAG_COLOURS, when } from '../labels.ts';

export { PAYMENT_STATUS_NAMES } from '../../../shared/payments/status-names.ts';
export { DISCREPANCY_NAMES } from '../../../shared/reconciliations/discrepancy-names.ts';
export { WARNING_COLOUR_NAMES, WARNING_RULE_NAMES };

/** A time as the bank or the platform wrote it, in Beijing time when it can be read as one. */
export const whenWritten = (at: string) => (Number.isNaN(Date.parse(at)) ? at : when(at));

const WARNING_TAG_COLOURS: Record<WarningColour, string> = {
  red: TAG_COLOURS.red,
  yellow: TAG_COLOURS.gold,
  green: TAG_COLOURS.green,
};

/** A warning as a tag that says its colour and its rule in words. */
export function WarningTag({ colour, rule }: { colour: WarningColour; rule: WarningRule }) {
  return (
    <Tag color={WARNING_TAG_COLOURS[colour]}>
      {WARNING_COLOUR_NAMES[colour]}·{WARNING_RULE_NAMES[rule]}
    </Tag>
  );
}

/** Amber from 70% used, red from 90%: the pool is running out, and the words say so as well as the colour. */
export function usageOf(pool: { fundedFen: number; availableFen: number }) {
  if (pool.fundedFen <= 0) return { percent: 0, level: 'none' as const, words: '尚未拨付' };
  const percent = Math.round(((pool.fundedFen - pool.availableFen) / pool.fundedFen) * 1000) / 10;
  if (percent >= 90) return { percent, level: 'red' as const, words: `已用 ${percent}%，余额紧张` };
  if (percent >= 70) return { percent, level: 'amber' as const, words: `已用 ${percent}%，接近上限` };
  return { percent, level: 'ok' as const, words: `已用 ${percent}%` };
}

export function UsageBar({ pool }: { pool: { fundedFen: number; availableFen: number } }) {
  const usage = usageOf(pool);
  return (
    <div className={`usage usage-${usage.level}`}>
      <div className="usage-track" aria-hidden="true">
        <div className="usage-fill" style={{ width: `${Math.min(100, Math.max(0, usage.percent))}%` }} />
      </div>
      <span className="usage-words">{usage.words}</span>
    </div>
  );
}

/** The county's policies by id, for naming pools; a policy no longer listed is shown by its id. */
export function usePolicyNames() {
  const policies = useQuery({
    queryKey: ['policy-names'],
    queryFn: () => api.call('GET /policies', { query: { limit: 100 } }),
    staleTime: 5 * 60_000,
  });
  const names = new Map(policies.data?.items.map((policy) => [policy.id, policy.name]));
  return {
    policies: policies.data?.items ?? [],
    nameOf: (policyId: string) => names.get(policyId) ?? policyId,
  };
}

/** The county's departments by id; one not listed is shown by its id. */
export function useDepartmentNames() {
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => api.call('GET /departments', {}),
    staleTime: 5 * 60_000,
  });
  const names = new Map(departments.data?.items.map((department) => [department.id, department.name]));
  return (departmentId: string) => names.get(departmentId) ?? departmentId;
}

/** Fetches a file route with the token and saves it under the name the platform gives it. */
export async function saveFromPlatform(path: string, token: string, fallbackName: string): Promise<void> {
  const answer = await api.send('GET', path, { token });
  if (answer.status !== 200) throw new ApiError(answer.status, answer.body);
  const disposition = answer.headers.get('content-disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const type = answer.headers.get('content-type') ?? 'application/octet-stream';
  const body = answer.body as string | Uint8Array<ArrayBuffer>;
  saveFile(new Blob([body], { type }), named ? decodeURIComponent(named) : fallbackName);
}

/** A date input with its label shown above it, for the period filters. */
export function DateField(props: { label: string; value: string; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <Flex vertical style={{ flex: '0 1 170px' }}>
      <label htmlFor={id}>{props.label}</label>
      <Input
        id={id}
        type="date"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </Flex>
  );
}
