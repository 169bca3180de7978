// 中断的审批流程: cases of the admin's county whose approval chain stopped, why, and the redrive that carries each on
// from where it stopped, with the reason kept in the audit trail.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { CASE_STATUS_NAMES, when } from '../labels.ts';
import { Link } from '../router.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Stuck = ClientResponse<'GET /cases/stuck'>['items'][number];

function Redrive({ stuck, token, onClose }: { stuck: Stuck; token: string; onClose: () => void }) {
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const redrive = useMutation({
    mutationFn: () =>
      api.call(
        'POST /applications/{id}/redrive',
        { path: { id: stuck.caseId }, body: { reason: reason.trim() } },
        token,
      ),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['stuck'] }),
  });
  return (
    <Modal
      open
      title={`恢复审批流程：${stuck.caseId}`}
      onCancel={onClose}
      footer={
        redrive.isSuccess ? (
          <Button type="primary" onClick={onClose}>
            完成
          </Button>
        ) : (
          <Flex gap={8} justify="end">
            <Button onClick={onClose}>取消</Button>
            <Button
              type="primary"
              disabled={!reason.trim()}
              loading={redrive.isPending}
              onClick={() => redrive.mutate()}
            >
              恢复流程
            </Button>
          </Flex>
        )
      }
    >
      {redrive.isSuccess ? (
        <Alert
          type="success"
          showIcon
          message="审批流程已从中断处继续"
          description="办件会回到原来的环节，办理人会收到待办。"
        />
      ) : (
        <Flex vertical gap={8}>
          <Typography.Text>中断原因：{stuck.reason}</Typography.Text>
          <label htmlFor="redrive-reason">恢复理由（记入审计记录）</label>
          <Input.TextArea
            id="redrive-reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          {redrive.isError ? <Refusal error={redrive.error} title="流程没有恢复" /> : null}
        </Flex>
      )}
    </Modal>
  );
}

export function StuckCasesScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const [redriving, setRedriving] = useState<Stuck>();
  const stuck = useQuery({
    queryKey: ['stuck', token],
    queryFn: () => api.call('GET /cases/stuck', {}, token),
  });
  const items = stuck.data?.items ?? [];
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        中断的审批流程
      </Typography.Title>
      <Typography.Text type="secondary">
        办件状态显示在审批中、而审批流程已停止的办件。查明原因（如服务故障已排除）后，可让流程从中断处继续。
      </Typography.Text>
      <Flex gap={12} wrap>
        <Button onClick={() => void stuck.refetch()} loading={stuck.isFetching}>
          刷新
        </Button>
        <Button
          disabled={!items.length}
          onClick={() =>
            saveCsv('中断的审批流程.csv', [
              ['办件编号', '办件状态', '流程状态', '原因', '停止时间'],
              ...items.map((s) => [
                s.caseId,
                CASE_STATUS_NAMES[s.status],
                s.executionStatus,
                s.reason,
                when(s.since),
              ]),
            ])
          }
        >
          导出 CSV
        </Button>
      </Flex>
      {stuck.isError ? <Refusal error={stuck.error} title="暂时无法读取中断的流程" /> : null}
      <WideTable<Stuck>
        label="中断的办件"
        rowKey="caseId"
        loading={stuck.isLoading}
        dataSource={items}
        minWidth={720}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 件` }}
        locale={{ emptyText: <Empty description="没有中断的审批流程，一切正常" /> }}
        columns={[
          {
            title: '办件编号',
            key: 'caseId',
            render: (_, s) => <Link to={`/work/audit/case:${encodeURIComponent(s.caseId)}`}>{s.caseId}</Link>,
          },
          { title: '办件状态', key: 'status', render: (_, s) => CASE_STATUS_NAMES[s.status] },
          { title: '流程状态', dataIndex: 'executionStatus' },
          { title: '原因', dataIndex: 'reason' },
          { title: '停止时间', key: 'since', render: (_, s) => when(s.since) },
          {
            title: '操作',
            key: 'redrive',
            render: (_, s) => (
              <Button onClick={() => setRedriving(s)} aria-label={`恢复办件 ${s.caseId} 的审批流程`}>
                恢复流程
              </Button>
            ),
          },
        ]}
      />
      {redriving ? <Redrive stuck={redriving} token={token} onClose={() => setRedriving(undefined)} /> : null}
    </Flex>
  );
}
