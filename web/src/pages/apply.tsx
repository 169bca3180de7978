// 网上申报: the guide's materials as a checklist uploaded straight to object storage, the amount asked, a last look,
// then the case number and the date its limits promise.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Result, Space, Typography } from 'antd';
import type { User } from 'oidc-client-ts';
import { useState } from 'react';
import { ApiError } from '../../../shared/api/client.ts';
import { capOf } from '../../../shared/catalog/amount-cap.ts';
import { api } from '../api.ts';
import { AmountField } from '../components/amount-field.tsx';
import { MaterialUpload, type UploadedMaterial } from '../components/material-upload.tsx';
import { Refusal } from '../components/refusal.tsx';
import { SignedIn } from '../components/signed-in.tsx';
import { amountRuleText, yuan } from '../labels.ts';
import { Link } from '../router.tsx';

function Filed({ id, dueOn }: { id: string; dueOn?: string | undefined }) {
  return (
    <Result
      status="success"
      title="申请已提交"
      subTitle={
        <>
          <div>
            办件编号：<Typography.Text copyable>{id}</Typography.Text>
          </div>
          {dueOn ? <div>承诺办结日期：{dueOn}（按工作日计）</div> : null}
          <div>审批进度和结果会在“我的消息”中通知您。</div>
        </>
      }
      extra={
        <Flex gap="middle" justify="center" wrap>
          <Link to={`/cases/${encodeURIComponent(id)}`}>查看办件进度</Link>
          <Link to="/me">返回我的</Link>
        </Flex>
      }
    />
  );
}

function ApplyForm({ policyId, user }: { policyId: string; user: User }) {
  const token = user.access_token;
  const queries = useQueryClient();
  const policy = useQuery({
    queryKey: ['policy', policyId],
    queryFn: () => api.call('GET /policies/{id}', { path: { id: policyId } }),
  });
  const profile = useQuery({
    queryKey: ['profile', token],
    queryFn: () => api.call('GET /enterprises/me', {}, token),
    retry: false,
  });
  const [uploaded, setUploaded] = useState<Record<string, UploadedMaterial | undefined>>({});
  const [amountYuan, setAmountYuan] = useState<number | null>(null);
  const [checking, setChecking] = useState(false);
  // The missing materials are named once the person tries to go on, and the list shrinks as they upload.
  const [tried, setTried] = useState(false);
  const file = useMutation({
    mutationFn: () =>
      api.call(
        'POST /applications',
        {
          body: {
            policyId,
            ...(amountYuan === null ? {} : { requestedAmountFen: Math.round(amountYuan * 100) }),
            materialIds: Object.values(uploaded).flatMap((material) => (material ? [material.id] : [])),
          },
        },
        token,
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['cases'] }),
  });

  if (policy.isError) return <Refusal error={policy.error} title="暂时无法读取这项政策" />;
  if (!policy.data || profile.isLoading)
    return <Typography.Paragraph>正在读取办事指南……</Typography.Paragraph>;
  const guide = policy.data;
  if (profile.error instanceof ApiError && profile.error.code === 'ENTERPRISE_NOT_REGISTERED') {
    return (
      <Alert
        type="warning"
        showIcon
        message="申请前请先登记企业信息和银行账户"
        description="兑付资金只会拨付到企业登记的、户名与企业名称一致的账户。"
        action={<Link to="/me/profile">去登记</Link>}
      />
    );
  }
  if (guide.mode === 'auto') {
    return (
      <Alert
        type="success"
        showIcon
        message="本政策免于申请（免申即享）"
        description="主管部门会把符合条件的企业列入名单，资金直接拨付到企业账户。"
        action={<Link to={`/policies/${encodeURIComponent(policyId)}`}>返回办事指南</Link>}
      />
    );
  }
  if (file.data) return <Filed id={file.data.id} dueOn={file.data.dueOn} />;

  const cap = guide.amountRule ? capOf(guide.amountRule) : undefined;
  const asksAmount = guide.amountRule?.kind !== 'fixed';
  const missing = guide.materials.filter((m) => m.required && !uploaded[m.name]).map((m) => m.name);
  const check = () => {
    setTried(true);
    if (missing.length === 0) setChecking(true);
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Link to={`/policies/${encodeURIComponent(policyId)}`}>← 返回办事指南</Link>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          申请：{guide.name}
        </Typography.Title>
        <Typography.Text type="secondary">
          {guide.departmentName} · 兑付标准：{amountRuleText(guide.amountRule)}
        </Typography.Text>
      </div>
      <Card title="第一步：上传申请材料">
        <Typography.Paragraph type="secondary">
          支持 PDF、OFD、JPG、PNG，每个文件不超过 20 MB。文件直接存入政务云，只有经办部门可以查看。
        </Typography.Paragraph>
        {guide.materials.length === 0 ? <Typography.Text>本政策无需提交材料。</Typography.Text> : null}
        {guide.materials.map((material) => (
          <MaterialUpload
            key={material.name}
            token={token}
            name={material.name}
            required={material.required}
            onUploaded={(done) => setUploaded((all) => ({ ...all, [material.name]: done }))}
          />
        ))}
      </Card>
      {asksAmount ? (
        <Card title="第二步：填写申请金额">
          <AmountField
            id="amount"
            cap={cap}
            value={amountYuan}
            onChange={setAmountYuan}
            hint="不填写时由主管部门按兑付标准核定。"
          />
        </Card>
      ) : null}
      {tried && missing.length ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          message="还有必交材料没有上传"
          description={`请上传：${missing.join('、')}`}
        />
      ) : null}
      {checking ? (
        <Card title="请核对后提交">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="申请政策">{guide.name}</Descriptions.Item>
            <Descriptions.Item label="申请企业">{profile.data?.name}</Descriptions.Item>
            <Descriptions.Item label="收款账户">
              {profile.data?.bankAccount.bankName} {profile.data?.bankAccount.accountNo}
            </Descriptions.Item>
            <Descriptions.Item label="申请金额">
              {amountYuan === null ? '由主管部门核定' : yuan(Math.round(amountYuan * 100))}
            </Descriptions.Item>
            <Descriptions.Item label="已交材料">
              {Object.values(uploaded)
                .flatMap((material) => (material ? [material.fileName] : []))
                .join('、') || '无'}
            </Descriptions.Item>
          </Descriptions>
          {file.isError ? <Refusal error={file.error} title="申请没有提交成功" /> : null}
          <Flex gap="middle" wrap style={{ marginTop: 16 }}>
            <Button type="primary" size="large" loading={file.isPending} onClick={() => file.mutate()}>
              确认提交
            </Button>
            <Button size="large" onClick={() => setChecking(false)}>
              返回修改
            </Button>
          </Flex>
        </Card>
      ) : (
        <Button type="primary" size="large" onClick={check}>
          下一步：核对信息
        </Button>
      )}
    </Space>
  );
}

export function ApplyPage({ policyId }: { policyId: string }) {
  return (
    <SignedIn roles={['enterprise']} purpose="在线申请">
      {(user) => <ApplyForm policyId={policyId} user={user} />}
    </SignedIn>
  );
}
