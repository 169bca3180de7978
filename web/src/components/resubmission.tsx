// 补正后重新提交: what the department asked to correct, the guide's materials to upload again, a note. The enterprise
// uses it on its case page, window staff for the enterprise at the counter.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { MaterialUpload, type UploadedMaterial } from './material-upload.tsx';
import { Refusal } from './refusal.tsx';

type CaseRecord = ClientResponse<'GET /applications/{id}'>;

export function Resubmission({
  record,
  token,
  onBehalfOf,
}: {
  record: CaseRecord;
  token: string;
  /** The enterprise window staff resubmit for; its uploads are registered in its name. */
  onBehalfOf?: string;
}) {
  const queries = useQueryClient();
  const policy = useQuery({
    queryKey: ['policy', record.policyId],
    queryFn: () => api.call('GET /policies/{id}', { path: { id: record.policyId } }),
  });
  const [uploaded, setUploaded] = useState<Record<string, UploadedMaterial | undefined>>({});
  const [note, setNote] = useState('');
  const resubmit = useMutation({
    mutationFn: () => {
      const added = Object.values(uploaded).flatMap((material) => (material ? [material.id] : []));
      return api.call(
        'POST /applications/{id}/resubmit',
        {
          path: { id: record.id },
          body: {
            // The case keeps what it had; these are added.
            ...(added.length ? { materialIds: added } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        },
        token,
      );
    },
    onSuccess: (updated) => {
      queries.setQueryData(['case', record.id, token], updated);
      void queries.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  return (
    <Card title="补正材料后重新提交">
      <Alert
        type="warning"
        showIcon
        message="主管部门要求补正"
        description={record.correctionRequest ?? '请按主管部门的要求补充材料。'}
        style={{ marginBottom: 12 }}
      />
      {(policy.data?.materials ?? []).map((material) => (
        <MaterialUpload
          key={material.name}
          token={token}
          name={material.name}
          required={false}
          onBehalfOf={onBehalfOf}
          onUploaded={(done) => setUploaded((all) => ({ ...all, [material.name]: done }))}
        />
      ))}
      <Flex vertical gap={4} style={{ marginTop: 12 }}>
        <label htmlFor="resubmit-note">补正说明（选填）</label>
        <Input.TextArea
          id="resubmit-note"
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </Flex>
      {resubmit.isError ? <Refusal error={resubmit.error} title="没有提交成功" /> : null}
      <Button
        type="primary"
        size="large"
        style={{ marginTop: 12 }}
        loading={resubmit.isPending}
        onClick={() => resubmit.mutate()}
      >
        重新提交
      </Button>
    </Card>
  );
}
