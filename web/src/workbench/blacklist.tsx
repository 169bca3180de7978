// 本部门名单: an agency keeps its own list — whom it names, why and until when. Joint review screens every case
// against it, so an entry's reason is what the agency's reviewer later reads as the evidence.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Popconfirm, Table, Typography } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { today, when } from '../labels.ts';
import type { ScreenProps } from './screens.ts';

type Entry = ClientResponse<'GET /blacklist'>['items'][number];

interface Fields {
  uscc: string;
  reason: string;
  listedUntil?: string;
}

function AddEntry({ token }: { token: string }) {
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [saved, setSaved] = useState<string>();
  const list = useMutation({
    mutationFn: (fields: Fields) =>
      api.call(
        'PUT /blacklist/{uscc}',
        {
          path: { uscc: fields.uscc.trim().toUpperCase() },
          body: {
            reason: fields.reason.trim(),
            ...(fields.listedUntil ? { listedUntil: fields.listedUntil } : {}),
          },
        },
        token,
      ),
    onSuccess: (entry) => {
      setSaved(entry.uscc);
      form.resetFields();
      void queries.invalidateQueries({ queryKey: ['blacklist'] });
    },
  });
  return (
    <Card title="列入名单" size="small">
      <Form<Fields> form={form} layout="vertical" onFinish={(fields) => list.mutate(fields)}>
        <Flex gap="middle" wrap>
          <Form.Item
            label="统一社会信用代码"
            name="uscc"
            rules={[{ required: true, whitespace: true, message: '请填写 18 位统一社会信用代码' }]}
            style={{ minWidth: 240 }}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item label="列入期限至（不填为长期）" name="listedUntil">
            <Input type="date" min={today()} />
          </Form.Item>
        </Flex>
        <Form.Item
          label="列入原因"
          name="reason"
          rules={[{ required: true, whitespace: true, min: 2, message: '请写明列入原因（联审时作为依据）' }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {list.isError ? (
          <div style={{ marginBottom: 16 }}>
            <Refusal error={list.error} title="没有列入名单" />
          </div>
        ) : null}
        {saved ? <Alert type="success" showIcon role="status" message={`已将 ${saved} 列入名单`} /> : null}
        <Button type="primary" htmlType="submit" loading={list.isPending} style={{ marginTop: 8 }}>
          列入名单
        </Button>
      </Form>
    </Card>
  );
}

export function BlacklistScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const queries = useQueryClient();
  const entries = useQuery({
    queryKey: ['blacklist', token],
    queryFn: () => api.call('GET /blacklist', {}, token),
  });
  const refresh = () => void queries.invalidateQueries({ queryKey: ['blacklist'] });
  // Ending a term keeps the record of the listing; removing takes it off as if it had been listed in error.
  const end = useMutation({
    mutationFn: (entry: Entry) =>
      api.call(
        'PUT /blacklist/{uscc}',
        { path: { uscc: entry.uscc }, body: { reason: entry.reason, listedUntil: today() } },
        token,
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (entry: Entry) => api.call('DELETE /blacklist/{uscc}', { path: { uscc: entry.uscc } }, token),
    onSuccess: refresh,
  });
  const items = entries.data?.items ?? [];
  const failed = end.error ?? remove.error;
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 0 }}>
        本部门名单
      </Typography.Title>
      <AddEntry token={token} />
      {entries.isError ? <Refusal error={entries.error} title="暂时无法读取名单" /> : null}
      {failed ? <Refusal error={failed} title="名单没有改成" /> : null}
      <Flex>
        <Button
          disabled={!items.length}
          onClick={() =>
            saveCsv(`本部门名单-${today()}.csv`, [
              ['统一社会信用代码', '列入原因', '期限至', '列入时间', '列入人'],
              ...items.map((e) => [e.uscc, e.reason, e.listedUntil ?? '长期', when(e.listedAt), e.listedBy]),
            ])
          }
        >
          导出表格（CSV）
        </Button>
      </Flex>
      <Table<Entry>
        rowKey="uscc"
        loading={entries.isLoading}
        dataSource={items}
        scroll={{ x: 800 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 家` }}
        locale={{ emptyText: '名单中没有企业' }}
        columns={[
          { title: '统一社会信用代码', dataIndex: 'uscc', width: 200 },
          { title: '列入原因', dataIndex: 'reason' },
          {
            title: '期限至',
            key: 'until',
            width: 160,
            render: (_, e) =>
              e.listedUntil ? `${e.listedUntil}${e.listedUntil < today() ? '（已到期）' : ''}` : '长期',
          },
          { title: '列入时间', key: 'at', width: 180, render: (_, e) => when(e.listedAt) },
          {
            title: '操作',
            key: 'act',
            width: 200,
            render: (_, e) => (
              <Flex gap="small" wrap>
                <Popconfirm
                  title={`今天结束对 ${e.uscc} 的列入？`}
                  okText="结束"
                  cancelText="取消"
                  onConfirm={() => end.mutate(e)}
                >
                  <Button size="small">到期结束</Button>
                </Popconfirm>
                <Popconfirm
                  title={`将 ${e.uscc} 移出名单？（用于误列，记录仍留在审计中）`}
                  okText="移出"
                  cancelText="取消"
                  onConfirm={() => remove.mutate(e)}
                >
                  <Button size="small" danger>
                    移出
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
    </Flex>
  );
}
