// 白名单推送 (免申即享): a department opens the spreadsheet it already keeps, sees every line the platform would refuse
// and why before anything is sent, pushes the rest, and watches the batch pay. The checks are the platform's own
// (POST /whitelist-batches/check), so what is shown refused is exactly what the push would refuse.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Progress, Select, Statistic, Table, Typography } from 'antd';
import { useId, useState } from 'react';
import { readSheet } from 'read-excel-file/browser';
import type { ClientRequest, ClientResponse } from '../../../shared/api/contract.ts';
import { parseCsv } from '../../../shared/csv.ts';
import { cellText, decodeCsv, entriesOfRows, type SheetEntry } from '../../../shared/whitelists/sheet.ts';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { yuan } from '../labels.ts';
import type { ScreenProps } from './screens.ts';

type Push = ClientRequest<'POST /whitelist-batches'>['body'];
type Checked = ClientResponse<'POST /whitelist-batches/check'>;

async function readFileRows(file: File): Promise<string[][]> {
  if (/\.csv$/i.test(file.name)) return parseCsv(decodeCsv(new Uint8Array(await file.arrayBuffer())));
  if (!/\.xlsx$/i.test(file.name))
    throw new Error('只支持 .xlsx 和 .csv 文件；请在 Excel 中“另存为”其中一种');
  const rows = await readSheet(file, { trim: false }).catch(() => {
    throw new Error('这个文件不是可读取的 .xlsx 工作簿，请用 Excel 打开后重新保存');
  });
  return rows.map((row) => row.map(cellText));
}

/** The batch's progress, asked again every few seconds until nothing is left in progress. */
function BatchProgress({ id, token }: { id: string; token: string }) {
  const progress = useQuery({
    queryKey: ['whitelist-batch', id, token],
    queryFn: () => api.call('GET /whitelist-batches/{id}', { path: { id } }, token),
    refetchInterval: (query) => (query.state.data && query.state.data.inProgress === 0 ? false : 3000),
  });
  const batch = progress.data;
  if (progress.isError) return <Refusal error={progress.error} title="暂时无法读取兑付进度" />;
  if (!batch) return <Typography.Text>正在读取兑付进度……</Typography.Text>;
  const done = batch.accepted - batch.inProgress;
  const percent = batch.accepted ? Math.floor((done / batch.accepted) * 100) : 100;
  return (
    <Card title={`批次 ${batch.batchRef} 的兑付进度`}>
      <Progress percent={percent} aria-label={`已办结 ${percent}%`} />
      <Typography.Paragraph>
        {batch.inProgress ? `还有 ${batch.inProgress} 条正在兑付，本页会自动刷新。` : '本批次已全部办结。'}
      </Typography.Paragraph>
      <Flex gap="large" wrap>
        <Statistic title="受理" value={batch.accepted} />
        <Statistic title="已到账" value={batch.paid} />
        <Statistic title="暂停待核（风险预警）" value={batch.held} />
        <Statistic title="失败" value={batch.failed} />
        <Statistic title="银行退回" value={batch.returned} />
        <Statistic title="推送时被拒" value={batch.refused} />
      </Flex>
    </Card>
  );
}

export function WhitelistScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const fileId = useId();
  const [policyId, setPolicyId] = useState<string>();
  const [batchRef, setBatchRef] = useState('');
  const [sheet, setSheet] = useState<{ name: string; lines: SheetEntry[] }>();
  const [unreadable, setUnreadable] = useState<string>();
  const [checked, setChecked] = useState<Checked>();
  const [pushedId, setPushedId] = useState<string>();
  // The department's own 免申即享 items: only those take a whitelist.
  const policies = useQuery({
    queryKey: ['auto-policies', user.profile.sub],
    queryFn: () =>
      api.call('GET /policies', { query: { mode: 'auto', department: user.profile.sub, limit: 100 } }),
  });
  const body = (): Push | undefined =>
    policyId && sheet && batchRef.trim()
      ? { policyId, batchRef: batchRef.trim(), entries: sheet.lines.map((line) => line.entry) }
      : undefined;
  const check = useMutation({
    mutationFn: (push: Push) => api.call('POST /whitelist-batches/check', { body: push }, token),
    onSuccess: setChecked,
  });
  const push = useMutation({
    mutationFn: (push: Push) => api.call('POST /whitelist-batches', { body: push }, token),
    onSuccess: (answer) => setPushedId(answer.id),
  });
  const open = async (file: File | undefined) => {
    setChecked(undefined);
    setUnreadable(undefined);
    setSheet(undefined);
    if (!file) return;
    try {
      const lines = entriesOfRows(await readFileRows(file));
      if (!lines.length) throw new Error('表格里没有名单行：第 1 行是表头，名单从第 2 行开始');
      setSheet({ name: file.name, lines });
      setBatchRef((ref) => ref || file.name.replace(/\.(xlsx|csv)$/i, ''));
    } catch (error) {
      setUnreadable((error as Error).message);
    }
  };
  const rowOf = (line: number) => sheet?.lines[line - 1]?.row ?? line;
  const total = sheet?.lines.reduce((sum, line) => sum + (Number(line.entry.amountFen) || 0), 0) ?? 0;

  if (pushedId) {
    return (
      <Flex vertical gap="middle">
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          白名单推送
        </Typography.Title>
        <Alert type="success" showIcon role="status" message="名单已推送，兑付机构将逐条兑付" />
        <BatchProgress id={pushedId} token={token} />
      </Flex>
    );
  }
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          白名单推送
        </Typography.Title>
        <Typography.Text>
          免申即享政策：选择政策和名单表格，先核对，确认无误后推送。表头须有：统一社会信用代码、企业名称、开户银行、银行账号、账户名称、金额（元）。收款账户不在兑付银行开立的，另加一列开户行联行号（12
          位数字），否则该笔会被银行退回。
        </Typography.Text>
      </div>
      <Card>
        <Form layout="vertical">
          <Form.Item label="政策事项" required>
            <Select
              aria-label="政策事项"
              placeholder={
                policies.data?.items.length === 0 ? '本部门没有免申即享政策' : '选择本部门的免申即享政策'
              }
              value={policyId}
              onChange={(value) => {
                setPolicyId(value);
                setChecked(undefined);
              }}
              options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.id} ${p.name}` }))}
              loading={policies.isLoading}
            />
          </Form.Item>
          <Form.Item label="名单表格（.xlsx 或 .csv）" required>
            <input
              id={fileId}
              type="file"
              accept=".xlsx,.csv"
              aria-label="选择名单表格"
              onChange={(event) => void open(event.target.files?.[0])}
            />
          </Form.Item>
          <Form.Item
            label="批次号"
            extra="本部门自编，同一批次号只受理一次；重复推送同一批不会重复兑付。"
            required
          >
            <Input
              aria-label="批次号"
              value={batchRef}
              onChange={(event) => setBatchRef(event.target.value)}
              maxLength={64}
            />
          </Form.Item>
        </Form>
        {unreadable ? (
          <Alert type="error" showIcon role="alert" message="表格读不出来" description={unreadable} />
        ) : null}
        {sheet ? (
          <Typography.Paragraph>
            已读取 {sheet.name}：{sheet.lines.length} 行，合计 {yuan(total)}。
          </Typography.Paragraph>
        ) : null}
        <Button
          type="primary"
          disabled={!body()}
          loading={check.isPending}
          onClick={() => {
            const push = body();
            if (push) check.mutate(push);
          }}
        >
          核对名单
        </Button>
      </Card>
      {check.isError ? <Refusal error={check.error} title="名单没有核对成功" /> : null}
      {checked ? (
        <Card title="核对结果">
          <Typography.Paragraph>
            可受理 {checked.accepted} 行
            {checked.refused.length
              ? `，${checked.refused.length} 行会被拒（见下表，请改正后重新选择表格，或先推送可受理的行）`
              : '，没有问题行'}
            。
          </Typography.Paragraph>
          {checked.refused.length ? (
            <Table
              rowKey="line"
              size="small"
              dataSource={checked.refused}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: '表格行号', key: 'row', width: 100, render: (_, r) => rowOf(r.line) },
                {
                  title: '企业',
                  key: 'name',
                  render: (_, r) => String(sheet?.lines[r.line - 1]?.entry.enterpriseName ?? ''),
                },
                { title: '原因', dataIndex: 'message' },
              ]}
            />
          ) : null}
          {push.isError ? <Refusal error={push.error} title="名单没有推送成功" /> : null}
          <Button
            type="primary"
            style={{ marginTop: 16 }}
            disabled={!checked.accepted}
            loading={push.isPending}
            onClick={() => {
              const ready = body();
              if (ready) push.mutate(ready);
            }}
          >
            确认推送 {checked.accepted} 行
          </Button>
        </Card>
      ) : null}
    </Flex>
  );
}
