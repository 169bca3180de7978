// 政策事项管理: every policy item of the admin's county by status, drafts included; a new item as a draft; one item's
// guide edited, published, suspended or expired with a reason, and its versions side by side.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../shared/api/client.ts';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { processOf } from '../../../shared/catalog/process.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import {
  amountRuleText,
  CHANNEL_NAMES,
  INDUSTRY_NAMES,
  MODE_COLOURS,
  MODE_NAMES,
  SIZE_NAMES,
  TAG_COLOURS,
  when,
} from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import { type GuideBody, type NewPolicy, PolicyForm } from './policy-form.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Policy = ClientResponse<'GET /policies/{id}'>;
type Version = ClientResponse<'GET /policies/{id}/versions/{version}'>;
type Status = Policy['status'];

const STATUS_NAMES: Record<Status, string> = {
  draft: '草稿',
  published: '已发布',
  suspended: '已暂停',
  expired: '已失效',
};
const STATUS_COLOURS: Record<Status, string> = {
  draft: TAG_COLOURS.grey,
  published: TAG_COLOURS.green,
  suspended: TAG_COLOURS.orange,
  expired: TAG_COLOURS.red,
};
/** The changes the platform allows from each status, as the verbs an admin uses. */
const NEXT: Record<Status, { status: Exclude<Status, 'draft'>; verb: string }[]> = {
  draft: [{ status: 'published', verb: '发布' }],
  published: [
    { status: 'suspended', verb: '暂停受理' },
    { status: 'expired', verb: '废止（失效）' },
  ],
  suspended: [
    { status: 'published', verb: '恢复发布' },
    { status: 'expired', verb: '废止（失效）' },
  ],
  expired: [],
};
const STATUSES = Object.keys(STATUS_NAMES) as Status[];

export function StatusTag({ status }: { status: Status }) {
  return <Tag color={STATUS_COLOURS[status]}>{STATUS_NAMES[status]}</Tag>;
}

/** Every item of one status: drafts from the admin's own route, the rest from the catalog, page after page. */
async function policiesOf(status: Status, token: string): Promise<Policy[]> {
  const items: Policy[] = [];
  let cursor: string | undefined;
  do {
    const page =
      status === 'draft'
        ? await api.call('GET /policy-drafts', { query: { cursor } }, token)
        : await api.call('GET /policies', { query: { status, cursor, limit: 100 } });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items.sort((a, b) => a.seq - b.seq);
}

const usePolicies = (status: Status, token: string) =>
  useQuery({ queryKey: ['admin-policies', status, token], queryFn: () => policiesOf(status, token) });

export function PolicyCatalogScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const [status, setStatus] = useState<Status>('published');
  const [keyword, setKeyword] = useState('');
  const policies = usePolicies(status, token);
  const shown = (policies.data ?? []).filter((p) =>
    `${p.name}${p.groupName}${p.departmentName}${p.id}`.includes(keyword.trim()),
  );
  const exportCsv = () =>
    saveCsv(`政策事项-${STATUS_NAMES[status]}.csv`, [
      [
        '事项编号',
        '序号',
        '政策项目',
        '事项名称',
        '主管部门',
        '兑现方式',
        '状态',
        '版本',
        '生效日期',
        '失效日期',
      ],
      ...shown.map((p) => [
        p.id,
        p.seq,
        p.groupName,
        p.name,
        p.departmentName,
        MODE_NAMES[p.mode],
        STATUS_NAMES[p.status],
        p.version,
        p.effectiveFrom,
        p.effectiveTo ?? '长期',
      ]),
    ]);
  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={1} style={{ margin: 0 }}>
          政策事项管理
        </Typography.Title>
        <Button type="primary" onClick={() => navigate('/work/catalog/new')}>
          新增政策事项
        </Button>
      </Flex>
      <Flex gap={12} wrap align="center">
        <Radio.Group
          aria-label="事项状态"
          optionType="button"
          buttonStyle="solid"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          options={STATUSES.map((s) => ({ value: s, label: STATUS_NAMES[s] }))}
        />
        <Input.Search
          aria-label="按名称、部门或编号筛选"
          placeholder="按名称、部门或编号筛选"
          allowClear
          style={{ maxWidth: 320 }}
          onChange={(event) => setKeyword(event.target.value)}
        />
        <Button onClick={exportCsv} disabled={!shown.length}>
          导出 CSV
        </Button>
      </Flex>
      {policies.isError ? <Refusal error={policies.error} title="暂时无法读取政策事项" /> : null}
      <WideTable<Policy>
        label="政策事项列表"
        rowKey="id"
        loading={policies.isLoading}
        dataSource={shown}
        minWidth={720}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 项` }}
        locale={{
          emptyText: (
            <Empty
              description={
                status === 'draft'
                  ? '没有草稿。点“新增政策事项”起草一项。'
                  : `没有${STATUS_NAMES[status]}的事项`
              }
            />
          ),
        }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 70 },
          {
            title: '事项名称',
            key: 'name',
            render: (_, p) => (
              <Flex vertical>
                <Link to={`/work/catalog/${encodeURIComponent(p.id)}`}>{p.name}</Link>
                <Typography.Text type="secondary">{p.groupName}</Typography.Text>
              </Flex>
            ),
          },
          {
            title: '主管部门',
            dataIndex: 'departmentName',
            filters: [...new Set(shown.map((p) => p.departmentName))].map((d) => ({ text: d, value: d })),
            onFilter: (value, p) => p.departmentName === value,
          },
          {
            title: '兑现方式',
            key: 'mode',
            filters: (Object.keys(MODE_NAMES) as Policy['mode'][]).map((m) => ({
              text: MODE_NAMES[m],
              value: m,
            })),
            onFilter: (value, p) => p.mode === value,
            render: (_, p) => <Tag color={MODE_COLOURS[p.mode]}>{MODE_NAMES[p.mode]}</Tag>,
          },
          { title: '状态', key: 'status', render: (_, p) => <StatusTag status={p.status} /> },
          { title: '版本', dataIndex: 'version', width: 70 },
          { title: '更新时间', key: 'updatedAt', render: (_, p) => when(p.updatedAt) },
        ]}
      />
    </Flex>
  );
}

/** One item as the admin may change it: a draft from the drafts, anything else from the catalog. */
function usePolicy(id: string, token: string) {
  return useQuery({
    queryKey: ['admin-policy', id, token],
    queryFn: async (): Promise<Policy> => {
      try {
        return await api.call('GET /policies/{id}', { path: { id } });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
        const draft = (await policiesOf('draft', token)).find((p) => p.id === id);
        if (!draft) throw error;
        return draft;
      }
    },
    retry: false,
  });
}

function NewPolicyScreen({ token }: { token: string }) {
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: (body: NewPolicy) => api.call('POST /policies', { body }, token),
    onSuccess: (created) => {
      void queries.invalidateQueries({ queryKey: ['admin-policies'] });
      queries.setQueryData(['admin-policy', created.id, token], created);
      navigate(`/work/catalog/${encodeURIComponent(created.id)}`);
    },
  });
  return (
    <Flex vertical gap="middle">
      <Link to="/work/catalog">← 返回政策事项管理</Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        新增政策事项
      </Typography.Title>
      <Typography.Text type="secondary">保存后是草稿，企业看不到；核对无误后再发布。</Typography.Text>
      <PolicyForm
        pending={create.isPending}
        error={create.error}
        onSubmit={(body) => create.mutate(body as NewPolicy)}
        onCancel={() => navigate('/work/catalog')}
      />
    </Flex>
  );
}

function StatusChange({ policy, token }: { policy: Policy; token: string }) {
  const queries = useQueryClient();
  const choices = NEXT[policy.status];
  const [target, setTarget] = useState(choices[0]?.status);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      api.call(
        'POST /policies/{id}/status',
        { path: { id: policy.id }, body: { status: target ?? 'published', reason: reason.trim() } },
        token,
      ),
    onSuccess: (changed) => {
      queries.setQueryData(['admin-policy', policy.id, token], changed);
      void queries.invalidateQueries({ queryKey: ['admin-policies'] });
      setReason('');
      setTried(false);
      setTarget(NEXT[changed.status][0]?.status);
    },
  });
  if (!choices.length) {
    return (
      <Alert type="info" showIcon message="该事项已失效" description="失效是最终状态，不能再发布或修改。" />
    );
  }
  const submit = () => {
    setTried(true);
    if (reason.trim()) change.mutate();
  };
  return (
    <Card title="变更状态">
      <Flex vertical gap={8}>
        <Radio.Group
          aria-label="变更为"
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          options={choices.map((c) => ({ value: c.status, label: c.verb }))}
        />
        <label htmlFor="status-reason">理由（记入审计记录）</label>
        <Input.TextArea
          id="status-reason"
          rows={2}
          maxLength={500}
          value={reason}
          status={tried && !reason.trim() ? 'error' : undefined}
          aria-describedby={tried && !reason.trim() ? 'status-reason-missing' : undefined}
          onChange={(event) => setReason(event.target.value)}
        />
        {tried && !reason.trim() ? (
          <Typography.Text type="danger" id="status-reason-missing">
            请写明理由，如“县政府常务会议审议通过”
          </Typography.Text>
        ) : null}
        {change.isError ? <Refusal error={change.error} title="状态没有变更" /> : null}
        <div>
          <Button type="primary" loading={change.isPending} onClick={submit}>
            确认{choices.find((c) => c.status === target)?.verb}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

const rulesText = (rules: Policy['eligibility']['rules']) =>
  [
    rules.allTags?.length ? `须具备：${rules.allTags.join('、')}` : '',
    rules.anyTags?.length ? `具备其一：${rules.anyTags.join('、')}` : '',
    rules.industries?.length
      ? `行业：${rules.industries.map((code) => INDUSTRY_NAMES[code] ?? code).join('、')}`
      : '',
    rules.sizes?.length ? `规模：${rules.sizes.map((size) => SIZE_NAMES[size]).join('、')}` : '',
    rules.registeredOnOrAfter ? `成立不早于 ${rules.registeredOnOrAfter}` : '',
    rules.registeredOnOrBefore ? `成立不晚于 ${rules.registeredOnOrBefore}` : '',
    rules.divisionCodes?.length ? `地区：${rules.divisionCodes.join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；') || '不限';

/** The steps a case of the guide goes through, its mode's unless the guide says otherwise. */
function processText(guide: Version): string {
  if (guide.mode === 'auto') return '按白名单直接兑付，无审批流程';
  const process = processOf(guide);
  const joint = '联合审核';
  return [
    process.eligibilityCheck ? '预审' : '',
    process.initialReview ? '初审' : '',
    process.substantiveReview ? '实地核查或专家评审' : '',
    process.jointReview === 'before_decision' ? joint : '',
    '主管部门决定',
    process.jointReview === 'after_decision' ? joint : '',
    process.announcementDays ? `公示 ${process.announcementDays} 天` : '',
    '兑付',
  ]
    .filter(Boolean)
    .join(' → ');
}

/** The guide's elements as lines, the same for a policy and any of its versions, so two can be set side by side. */
const guideLines = (guide: Version): [string, string][] => [
  ['事项名称', guide.name],
  ['政策项目', guide.groupName],
  ['主管部门', guide.departmentName],
  ['兑现方式', MODE_NAMES[guide.mode]],
  ['办理渠道', CHANNEL_NAMES[guide.channel]],
  ['政策依据', guide.basis],
  ['享受对象', guide.eligibility.text],
  ['条件规则', rulesText(guide.eligibility.rules)],
  [
    '申请材料',
    guide.materials.map((m) => `${m.name}${m.required ? '（必交）' : '（如有）'}`).join('、') || '无需材料',
  ],
  [
    '办理时限',
    `分办 ${guide.timeLimits.routing}、初审 ${guide.timeLimits.initialReview}、核查评审 ${guide.timeLimits.substantiveReview}、兑付 ${guide.timeLimits.payer} 个工作日`,
  ],
  ['办理流程', processText(guide)],
  ['兑付标准', amountRuleText(guide.amountRule)],
  ['公示天数', `${guide.announcementDays} 天`],
  ['有效期', `${guide.effectiveFrom} 至 ${guide.effectiveTo ?? '长期'}`],
];

const useVersion = (id: string, version: number) =>
  useQuery({
    queryKey: ['policy-version', id, version],
    queryFn: () => api.call('GET /policies/{id}/versions/{version}', { path: { id, version } }),
  });

function Versions({ policy }: { policy: Policy }) {
  const numbers = Array.from({ length: policy.version }, (_, i) => i + 1);
  const [left, setLeft] = useState(Math.max(1, policy.version - 1));
  const [right, setRight] = useState(policy.version);
  const a = useVersion(policy.id, left);
  const b = useVersion(policy.id, right);
  const options = numbers.map((n) => ({ value: n, label: `第 ${n} 版` }));
  const linesA = a.data ? guideLines(a.data) : [];
  const linesB = b.data ? guideLines(b.data) : [];
  const rows = linesB.map(([label, text], index) => ({
    label,
    a: linesA[index]?.[1] ?? '',
    b: text,
    changed: (linesA[index]?.[1] ?? '') !== text,
  }));
  return (
    <Card title="版本对照">
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <label htmlFor="version-a">对照</label>
        <Select id="version-a" value={left} onChange={setLeft} options={options} style={{ width: 120 }} />
        <label htmlFor="version-b">与</label>
        <Select id="version-b" value={right} onChange={setRight} options={options} style={{ width: 120 }} />
        <Typography.Text type="secondary">{rows.filter((row) => row.changed).length} 处不同</Typography.Text>
      </Flex>
      {a.isError ? <Refusal error={a.error} title="暂时无法读取该版本" /> : null}
      <WideTable
        label="版本对照表"
        rowKey="label"
        size="small"
        pagination={false}
        minWidth={640}
        loading={a.isLoading || b.isLoading}
        dataSource={rows}
        onRow={(row) => ({ style: row.changed ? { background: '#fff7e6', fontWeight: 600 } : {} })}
        columns={[
          {
            title: '要素',
            dataIndex: 'label',
            width: 110,
            render: (label: string, row) => (
              <Flex vertical gap={2}>
                <span>{label}</span>
                {row.changed ? <Tag color={TAG_COLOURS.orange}>有变化</Tag> : null}
              </Flex>
            ),
          },
          { title: `第 ${left} 版`, dataIndex: 'a' },
          { title: `第 ${right} 版`, dataIndex: 'b' },
        ]}
      />
    </Card>
  );
}

function PolicyScreen({ id, token }: { id: string; token: string }) {
  const queries = useQueryClient();
  const found = usePolicy(id, token);
  const [editing, setEditing] = useState(false);
  const edit = useMutation({
    mutationFn: (body: GuideBody) => api.call('PUT /policies/{id}', { path: { id }, body }, token),
    onSuccess: (changed) => {
      queries.setQueryData(['admin-policy', id, token], changed);
      void queries.invalidateQueries({ queryKey: ['admin-policies'] });
      setEditing(false);
    },
  });
  if (found.isError)
    return (
      <Refusal
        error={found.error}
        title="没有找到这项政策事项"
        action={<Link to="/work/catalog">返回政策事项管理</Link>}
      />
    );
  const policy = found.data;
  if (!policy) return <Typography.Paragraph>正在读取政策事项……</Typography.Paragraph>;
  return (
    <Flex vertical gap="middle">
      <Link to="/work/catalog">← 返回政策事项管理</Link>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          {policy.name}
        </Typography.Title>
        <Space wrap>
          <StatusTag status={policy.status} />
          <Typography.Text type="secondary">
            {policy.id} · 第 {policy.version} 版 · {policy.departmentName} · 更新于 {when(policy.updatedAt)}
          </Typography.Text>
        </Space>
      </div>
      {policy.status === 'draft' ? (
        <Alert
          type="info"
          showIcon
          message="这是草稿，企业看不到"
          description="核对办事指南无误后，在下方“变更状态”中发布。"
        />
      ) : null}
      {editing ? (
        <PolicyForm
          policy={policy}
          pending={edit.isPending}
          error={edit.error}
          onSubmit={(body) => edit.mutate(body as GuideBody)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <Card
            title="办事指南"
            extra={
              policy.status === 'expired' ? null : (
                <Button onClick={() => setEditing(true)}>修改办事指南</Button>
              )
            }
          >
            <Descriptions
              bordered
              column={1}
              size="small"
              styles={{ label: { width: '7em' } }}
              items={guideLines(policy).map(([label, text]) => ({ key: label, label, children: text }))}
            />
          </Card>
          <StatusChange key={policy.status} policy={policy} token={token} />
          {policy.status !== 'draft' && policy.version > 1 ? <Versions policy={policy} /> : null}
          <Flex gap={24} wrap>
            <Link to={`/work/audit/policy:${encodeURIComponent(policy.id)}`}>查看该事项的审计记录</Link>
            {policy.status === 'draft' ? null : (
              <Link to={`/policies/${encodeURIComponent(policy.id)}`}>查看企业看到的办事指南</Link>
            )}
          </Flex>
        </>
      )}
    </Flex>
  );
}

export function PolicyDetailScreen({ user, id }: ScreenProps) {
  if (!id || id === 'new') return <NewPolicyScreen token={user.access_token} />;
  return <PolicyScreen id={id} token={user.access_token} />;
}
