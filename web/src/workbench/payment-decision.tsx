// A payer's decision on one payment, with the reason the audit trail keeps: release or reject a held payment, retry or
// cancel one that failed or came back. One form for all, so each decision asks for its reason the same way.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Input, Typography } from 'antd';
import { useId, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';

export type Listed = ClientResponse<'GET /payments'>['items'][number];
export type Payment = Exclude<Listed, { deadLetter: true }>;
export type DeadLetter = Extract<Listed, { deadLetter: true }>;

export const isPayment = (item: Listed): item is Payment => !('deadLetter' in item);

type DecisionRoute =
  | 'POST /payments/{id}/release'
  | 'POST /payments/{id}/reject'
  | 'POST /payments/{id}/retry'
  | 'POST /payments/{id}/cancel';
export type Decided = ClientResponse<DecisionRoute>;

export interface DecisionAction {
  route: DecisionRoute;
  label: string;
  danger?: boolean;
  /** What the payer is told once the platform took the decision. */
  said: (decided: Decided) => string;
}

export function PaymentDecision({
  payment,
  token,
  actions,
  placeholder,
  hint,
  onDecided,
}: {
  payment: Payment;
  token: string;
  actions: DecisionAction[];
  placeholder: string;
  /** Why the buttons are disabled until there is a reason, e.g. "填写理由（至少 2 个字）后才能放行或拒付". */
  hint: string;
  onDecided: (said: string) => void;
}) {
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const decide = useMutation({
    mutationFn: (action: DecisionAction) =>
      api.call(action.route, { path: { id: payment.id }, body: { reason: reason.trim() } }, token),
    onSuccess: (decided, action) => {
      onDecided(action.said(decided));
      return queries.invalidateQueries({ queryKey: ['payments'] });
    },
  });
  const tooShort = reason.trim().length < 2;
  return (
    <Flex vertical gap="middle">
      <div>
        <label htmlFor={reasonId}>处理理由（必填，记入审计）</label>
        <Input.TextArea
          id={reasonId}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={500}
          placeholder={placeholder}
        />
      </div>
      {decide.isError ? <Refusal error={decide.error} title="未能处理这笔兑付" /> : null}
      <Flex gap="small" wrap align="center">
        {actions.map((action, index) => (
          <Button
            key={action.route}
            type={index === 0 && !action.danger ? 'primary' : 'default'}
            danger={action.danger}
            disabled={tooShort || decide.isPending}
            loading={decide.isPending && decide.variables?.route === action.route}
            onClick={() => decide.mutate(action)}
          >
            {action.label}
          </Button>
        ))}
        {tooShort ? <Typography.Text type="secondary">{hint}</Typography.Text> : null}
      </Flex>
    </Flex>
  );
}
