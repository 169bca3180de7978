// 一窗受理: the window clerk finds the enterprise at the counter by its USCC, sees its cases, and files a case for it
// with the materials scanned there; the acceptance slip (受理回执) is printed for the enterprise to keep.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../shared/api/client.ts';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { capOf } from '../../../shared/catalog/amount-cap.ts';
import { usccProblem } from '../../../shared/uscc.ts';
import { api } from '../api.ts';
import { AmountField } from '../components/amount-field.tsx';
import { saveCsv } from '../components/download.ts';
import { MaterialUpload, type UploadedMaterial } from '../components/material-upload.tsx';
import { Refusal } from '../components/refusal.tsx';
import {
  accountWords,
  amountRuleText,
  CASE_STATUS_COLOURS,
  CASE_STATUS_NAMES,
  INDUSTRY_NAMES,
  MODE_NAMES,
  SIZE_NAMES,
} from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import { AcceptanceSlip } from './acceptance-slip.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Enterprise = ClientResponse<'GET /enterprises/{uscc}'>;
type CaseRecord = ClientResponse<'GET /applications/{id}'>;
type Policy = ClientResponse<'GET /policies/{id}'>;

const USCC_MESSAGES = {
  LENGTH: '统一社会信用代码应为 18 位',
  CHARACTER: '只能包含数字和大写字母（不含 I、O、Z、S、V）',
  DIVISION: '第 3–8 位应为登记机关的行政区划代码',
  CHECK_CHARACTER: '校验位不正确，请逐位核对营业执照',
};

function UsccLookup({ initial }: { initial?: string | undefined }) {
  return (
    <Form
      layout="vertical"
      initialValues={{ uscc: initial ?? '' }}
      style={{ maxWidth: 420 }}
      onFinish={(values: { uscc: string }) =>
        navigate(`/work/counter/${encodeURIComponent(values.uscc.trim().toUpperCase())}`)
      }
    >
      <Form.Item
        label="统一社会信用代码"
        name="uscc"
        normalize={(value: string) => value.toUpperCase()}
        rules={[
          {
            validator: async (_, value: string) => {
              const problem = usccProblem((value ?? '').trim());
              if (problem) throw new Error(USCC_MESSAGES[problem]);
            },
          },
        ]}
      >
        <Input
          style={{ width: 240 }}
          maxLength={18}
          placeholder="营业执照上的 18 位代码"
          autoComplete="off"
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          查找企业
        </Button>
      </Form.Item>
    </Form>
  );
}

export function CounterScreen(_: ScreenProps) {
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        一窗受理
      </Typography.Title>
      <Typography.Text type="secondary">
        输入企业营业执照上的统一社会信用代码，查看企业信息和办件，并为企业代为申请。
      </Typography.Text>
      <UsccLookup />
    </Flex>
  );
}

/** Every published policy one applies for (not 免申即享), for the clerk to pick by name. */
async function claimablePolicies(): Promise<Policy[]> {
  const items: Policy[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('GET /policies', { query: { status: 'published', limit: 100, cursor } });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items.filter((policy) => policy.mode !== 'auto').sort((a, b) => a.seq - b.seq);
}

function NotRegistered({ uscc }: { uscc: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      message={`没有找到统一社会信用代码为 ${uscc} 的本县企业`}
      description={
        <>
          <p style={{ margin: '0 0 8px' }}>
            该企业尚未在平台登记，或不在本县辖区。请先核对代码是否与营业执照一致。
          </p>
          <p style={{ margin: 0 }}>
            新企业请这样登记：由法定代表人或经办人用企业身份登录“惠企兑付”平台，在“我的 →
            企业信息”中填写企业信息和银行账户（户名须与企业名称一致）。登记后即可在专窗代办申请。
          </p>
        </>
      }
    />
  );
}

function EnterpriseCard({ enterprise }: { enterprise: Enterprise }) {
  return (
    <Card title={enterprise.name}>
      <Descriptions
        column={{ xs: 1, md: 2 }}
        size="small"
        items={[
          { key: 'uscc', label: '统一社会信用代码', children: enterprise.uscc },
          { key: 'legal', label: '法定代表人', children: enterprise.legalRepresentative },
          {
            key: 'bank',
            label: '收款账户',
            children: accountWords(enterprise.bankAccount),
          },
          { key: 'tags', label: '企业标签', children: enterprise.tags.join('、') || '无' },
          {
            key: 'industry',
            label: '行业',
            children: enterprise.industry
              ? (INDUSTRY_NAMES[enterprise.industry] ?? enterprise.industry)
              : '未填写',
          },
          { key: 'size', label: '规模', children: enterprise.size ? SIZE_NAMES[enterprise.size] : '未填写' },
        ]}
      />
    </Card>
  );
}

function CasesOf({ uscc, token }: { uscc: string; token: string }) {
  const cases = useQuery({
    queryKey: ['cases', 'of', uscc, token],
    queryFn: () => api.call('GET /applications', { query: { uscc } }, token),
    refetchOnMount: 'always',
  });
  const items = [...(cases.data?.items ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Card
      title="该企业的办件"
      extra={
        <Button
          disabled={!items.length}
          onClick={() =>
            saveCsv(`办件-${uscc}.csv`, [
              ['办件编号', '政策事项', '状态', '受理日期', '承诺办结日期'],
              ...items.map((c) => [
                c.id,
                c.policyName ?? c.policyId,
                CASE_STATUS_NAMES[c.status],
                c.createdAt.slice(0, 10),
                c.dueOn ?? '',
              ]),
            ])
          }
        >
          导出 CSV
        </Button>
      }
    >
      {cases.isError ? <Refusal error={cases.error} title="暂时无法读取办件" /> : null}
      <WideTable<CaseRecord>
        label="该企业的办件"
        rowKey="id"
        size="small"
        loading={cases.isLoading}
        dataSource={items}
        minWidth={640}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="该企业在本县还没有办件" /> }}
        columns={[
          {
            title: '办件编号',
            key: 'id',
            render: (_, c) => <Link to={`/work/counter-cases/${encodeURIComponent(c.id)}`}>{c.id}</Link>,
          },
          { title: '政策事项', key: 'policy', render: (_, c) => c.policyName ?? c.policyId },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => (
              <Flex gap={4} wrap>
                <Tag color={CASE_STATUS_COLOURS[c.status]}>{CASE_STATUS_NAMES[c.status]}</Tag>
                {c.status === 'returned' ? (
                  <Link to={`/work/counter-cases/${encodeURIComponent(c.id)}`}>代为补正</Link>
                ) : null}
              </Flex>
            ),
          },
          { title: '承诺办结', key: 'dueOn', render: (_, c) => c.dueOn ?? '' },
        ]}
      />
    </Card>
  );
}

function FileForEnterprise({ enterprise, token }: { enterprise: Enterprise; token: string }) {
  const queries = useQueryClient();
  const policies = useQuery({ queryKey: ['claimable-policies'], queryFn: claimablePolicies });
  const [policyId, setPolicyId] = useState<string>();
  const [uploaded, setUploaded] = useState<Record<string, UploadedMaterial | undefined>>({});
  const [amountYuan, setAmountYuan] = useState<number | null>(null);
  const [tried, setTried] = useState(false);
  const policy = policies.data?.find((p) => p.id === policyId);
  const file = useMutation({
    mutationFn: () =>
      api.call(
        'POST /applications',
        {
          body: {
            policyId: policyId ?? '',
            onBehalfOf: enterprise.uscc,
            ...(amountYuan === null ? {} : { requestedAmountFen: Math.round(amountYuan * 100) }),
            materialIds: Object.values(uploaded).flatMap((material) => (material ? [material.id] : [])),
          },
        },
        token,
      ),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['cases'] }),
  });

  if (file.data) {
    return (
      <Card title="已受理">
        <Flex vertical gap="middle">
          <Alert type="success" showIcon message="申请已受理，请打印回执交给企业" />
          <AcceptanceSlip
            record={file.data}
            enterpriseName={enterprise.name}
            materials={Object.entries(uploaded).flatMap(([name, material]) =>
              material ? [{ name, fileName: material.fileName }] : [],
            )}
          />
          <div>
            <Button
              onClick={() => {
                file.reset();
                setPolicyId(undefined);
                setUploaded({});
                setAmountYuan(null);
                setTried(false);
              }}
            >
              为该企业再办一件
            </Button>
          </div>
        </Flex>
      </Card>
    );
  }

  const cap = policy?.amountRule ? capOf(policy.amountRule) : undefined;
  const asksAmount = policy !== undefined && policy.amountRule?.kind !== 'fixed';
  const missing = (policy?.materials ?? []).filter((m) => m.required && !uploaded[m.name]).map((m) => m.name);
  const submit = () => {
    setTried(true);
    if (policy && missing.length === 0) file.mutate();
  };
  return (
    <Card title="代为申请">
      <Flex vertical gap="middle">
        <Flex vertical gap={4}>
          <label htmlFor="counter-policy">申请的政策事项</label>
          <Select
            id="counter-policy"
            showSearch
            optionFilterProp="label"
            placeholder="输入名称查找政策事项"
            loading={policies.isLoading}
            value={policyId}
            onChange={(value: string) => {
              setPolicyId(value);
              setUploaded({});
              setAmountYuan(null);
              file.reset();
            }}
            options={(policies.data ?? []).map((p) => ({
              value: p.id,
              label: `${p.name}（${p.departmentName}）`,
            }))}
            style={{ width: '100%', maxWidth: 640 }}
          />
          {tried && !policy ? <Typography.Text type="danger">请先选择政策事项</Typography.Text> : null}
          {policies.isError ? <Refusal error={policies.error} title="暂时无法读取政策目录" /> : null}
        </Flex>
        {policy ? (
          <>
            <Typography.Text type="secondary">
              {MODE_NAMES[policy.mode]} · 兑付标准：{amountRuleText(policy.amountRule)} · 享受对象：
              {policy.eligibility.text}
            </Typography.Text>
            <div>
              <Typography.Title level={2} style={{ fontSize: '1.1em' }}>
                扫描上传企业递交的材料
              </Typography.Title>
              {policy.materials.length === 0 ? <Typography.Text>本政策无需提交材料。</Typography.Text> : null}
              {policy.materials.map((material) => (
                <MaterialUpload
                  key={`${policy.id}-${material.name}`}
                  token={token}
                  name={material.name}
                  required={material.required}
                  onBehalfOf={enterprise.uscc}
                  onUploaded={(done) => setUploaded((all) => ({ ...all, [material.name]: done }))}
                />
              ))}
            </div>
            {asksAmount ? (
              <AmountField
                id="counter-amount"
                cap={cap}
                value={amountYuan}
                onChange={setAmountYuan}
                hint="企业未填写时不填，由主管部门按兑付标准核定。"
              />
            ) : null}
          </>
        ) : null}
        {tried && missing.length ? (
          <Alert
            type="warning"
            showIcon
            role="alert"
            message="还有必交材料没有上传"
            description={`请扫描上传：${missing.join('、')}`}
          />
        ) : null}
        {file.isError ? <Refusal error={file.error} title="没有受理成功" /> : null}
        <div>
          <Button type="primary" size="large" loading={file.isPending} onClick={submit}>
            受理并出具回执
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

export function CounterEnterpriseScreen({ user, id }: ScreenProps) {
  const uscc = (id ?? '').toUpperCase();
  const token = user.access_token;
  const problem = usccProblem(uscc);
  const enterprise = useQuery({
    queryKey: ['enterprise', uscc, token],
    queryFn: () => api.call('GET /enterprises/{uscc}', { path: { uscc } }, token),
    enabled: problem === undefined,
    retry: false,
  });
  const missing = enterprise.error instanceof ApiError && enterprise.error.status === 404;
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        一窗受理
      </Typography.Title>
      <UsccLookup initial={uscc} />
      {problem ? (
        <Alert type="warning" showIcon role="alert" message={`代码有误：${USCC_MESSAGES[problem]}`} />
      ) : null}
      {missing ? <NotRegistered uscc={uscc} /> : null}
      {enterprise.isError && !missing ? <Refusal error={enterprise.error} title="暂时无法查询企业" /> : null}
      {enterprise.isLoading ? <Typography.Text>正在查找企业……</Typography.Text> : null}
      {enterprise.data ? (
        <>
          <EnterpriseCard enterprise={enterprise.data} />
          <FileForEnterprise key={enterprise.data.uscc} enterprise={enterprise.data} token={token} />
          <CasesOf uscc={enterprise.data.uscc} token={token} />
        </>
      ) : null}
    </Flex>
  );
}
