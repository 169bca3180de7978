// 办件查询与补正 at the window: a case found by its number (the enterprise brings its slip), where it stands, the slip
// printed again, and — after a return — the corrected materials resubmitted for the enterprise.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { Resubmission } from '../components/resubmission.tsx';
import { CASE_STATUS_COLOURS, CASE_STATUS_NAMES, when } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import { AcceptanceSlip } from './acceptance-slip.tsx';
import type { ScreenProps } from './screens.ts';

function CaseLookup() {
  return (
    <Form
      layout="vertical"
      style={{ maxWidth: 420 }}
      onFinish={(values: { id: string }) =>
        navigate(`/work/counter-cases/${encodeURIComponent(values.id.trim())}`)
      }
    >
      <Form.Item
        label="办件编号"
        name="id"
        rules={[{ required: true, whitespace: true, message: '请填写回执上的办件编号' }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          查询办件
        </Button>
      </Form.Item>
    </Form>
  );
}

export function CounterCaseLookupScreen(_: ScreenProps) {
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        办件查询与补正
      </Typography.Title>
      <Typography.Text type="secondary">
        按受理回执上的办件编号查询进度、补打回执；办件被退回补正时，可在此为企业上传补正材料并重新提交。
        也可在“一窗受理”中按信用代码查看企业的全部办件。
      </Typography.Text>
      <CaseLookup />
    </Flex>
  );
}

export function CounterCaseScreen({ user, id }: ScreenProps) {
  const token = user.access_token;
  const caseId = id ?? '';
  const found = useQuery({
    queryKey: ['case', caseId, token],
    queryFn: () => api.call('GET /applications/{id}', { path: { id: caseId } }, token),
    // The enterprise is at the counter asking where its case stands now: never answer from an earlier look.
    refetchOnMount: 'always',
    retry: false,
  });
  const enterprise = useQuery({
    queryKey: ['enterprise', found.data?.uscc, token],
    queryFn: () => api.call('GET /enterprises/{uscc}', { path: { uscc: found.data?.uscc ?? '' } }, token),
    enabled: found.data !== undefined,
    retry: false,
  });
  if (found.isError)
    return (
      <Flex vertical gap="middle">
        <Refusal error={found.error} title="没有找到这件办件" />
        <Typography.Text>请核对回执上的办件编号；只能查询本县的办件。</Typography.Text>
        <CaseLookup />
      </Flex>
    );
  const record = found.data;
  if (!record) return <Typography.Paragraph>正在读取办件……</Typography.Paragraph>;
  return (
    <Flex vertical gap="middle">
      <Link to={`/work/counter/${encodeURIComponent(record.uscc)}`}>← 返回该企业</Link>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          {record.policyName ?? record.policyId}
        </Typography.Title>
        <Flex gap={8} wrap align="center">
          <Tag color={CASE_STATUS_COLOURS[record.status]}>{CASE_STATUS_NAMES[record.status]}</Tag>
          <Typography.Text type="secondary">
            {enterprise.data?.name ?? record.uscc} · 办件编号 {record.id}
          </Typography.Text>
        </Flex>
      </div>
      {record.status === 'returned' ? (
        <Resubmission record={record} token={token} onBehalfOf={record.uscc} />
      ) : null}
      <Card title="受理回执">
        <AcceptanceSlip record={record} enterpriseName={enterprise.data?.name} />
      </Card>
      <section aria-labelledby="case-history">
        <Typography.Title level={2} id="case-history" style={{ fontSize: '1.25em' }}>
          办理过程
        </Typography.Title>
        <Timeline
          items={record.timeline.map((entry) => ({
            color: CASE_STATUS_COLOURS[entry.status],
            children: (
              <>
                <Typography.Text strong>{CASE_STATUS_NAMES[entry.status]}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">{when(entry.at)}</Typography.Text>
                </div>
                {entry.note ? <div>{entry.note}</div> : null}
              </>
            ),
          }))}
        />
      </section>
    </Flex>
  );
}
