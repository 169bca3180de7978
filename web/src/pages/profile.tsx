// 企业信息: what an enterprise declares about itself — the facts its matches are read from, and the account it is
// paid to. A new account is said plainly to bring closer screening of the next payments.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import type { User } from 'oidc-client-ts';
import { useState } from 'react';
import { ApiError } from '../../../shared/api/client.ts';
import type { ClientRequest } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { SignedIn } from '../components/signed-in.tsx';
import { INDUSTRY_NAMES, SIZE_NAMES } from '../labels.ts';
import { Link } from '../router.tsx';

type Body = ClientRequest<'PUT /enterprises/me'>['body'];
interface Fields {
  name: string;
  legalRepresentative: string;
  tags?: string[];
  otherTags?: string;
  industry?: string;
  size?: Body['size'];
  registeredOn?: string;
  divisionCode?: string;
  bankName: string;
  accountNo: string;
  bankCode?: string;
}

// The tags policies ask for most are ticked; any other is typed, separated by 、 or a comma.
const TAG_SUGGESTIONS = ['入规', '高新技术企业', '专精特新', '文旅', '外贸', '小微企业', '科技型中小企业'];

function tagsOf(fields: Fields): string[] {
  const typed = (fields.otherTags ?? '').split(/[、,，;；\s]+/).filter((tag) => tag !== '');
  return [...new Set([...(fields.tags ?? []), ...typed])];
}

function ProfileForm({ user }: { user: User }) {
  const token = user.access_token;
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const current = useQuery({
    queryKey: ['profile', token],
    queryFn: () => api.call('GET /enterprises/me', {}, token),
    retry: false,
  });
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (fields: Fields) => {
      const body: Body = {
        name: fields.name.trim(),
        legalRepresentative: fields.legalRepresentative.trim(),
        // The payer pays only to an account in the enterprise's own name: the account name is the name.
        bankAccount: {
          bankName: fields.bankName.trim(),
          accountNo: fields.accountNo.trim(),
          accountName: fields.name.trim(),
          ...(fields.bankCode?.trim() ? { bankCode: fields.bankCode.trim() } : {}),
        },
        tags: tagsOf(fields),
        ...(fields.industry ? { industry: fields.industry } : {}),
        ...(fields.size ? { size: fields.size } : {}),
        ...(fields.registeredOn ? { registeredOn: fields.registeredOn } : {}),
        ...(fields.divisionCode?.trim() ? { divisionCode: fields.divisionCode.trim() } : {}),
      };
      return api.call('PUT /enterprises/me', { body }, token);
    },
    onSuccess: (enterprise) => {
      queries.setQueryData(['profile', token], enterprise);
      void queries.invalidateQueries({ queryKey: ['matches'] });
      setSaved(true);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      // A refused field is shown where it was typed; the account's name is the enterprise's name.
      form.setFields(
        error.fields.map((field) => {
          const last = field.field.split('.').pop() ?? field.field;
          const name = last === 'accountName' ? 'name' : last;
          return { name: name as keyof Fields, errors: [field.message] };
        }),
      );
    },
  });
  const registered = !(
    current.error instanceof ApiError && current.error.code === 'ENTERPRISE_NOT_REGISTERED'
  );
  const enterprise = current.data;
  const accountNo = Form.useWatch('accountNo', form);
  const bankName = Form.useWatch('bankName', form);
  const accountChanging =
    enterprise !== undefined &&
    (accountNo?.trim() !== enterprise.bankAccount.accountNo ||
      bankName?.trim() !== enterprise.bankAccount.bankName);

  if (current.isLoading) return <Typography.Paragraph>正在读取企业信息……</Typography.Paragraph>;
  if (current.isError && registered) return <Refusal error={current.error} title="暂时无法读取企业信息" />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/me">← 返回我的</Link>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        {registered ? '企业信息' : '登记企业信息'}
      </Typography.Title>
      {saved ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message="企业信息已保存"
          action={<Link to="/me">查看可享政策</Link>}
        />
      ) : null}
      <Card>
        <Form<Fields>
          form={form}
          layout="vertical"
          requiredMark
          onValuesChange={() => setSaved(false)}
          onFinish={(fields) => save.mutate(fields)}
          initialValues={
            enterprise
              ? {
                  name: enterprise.name,
                  legalRepresentative: enterprise.legalRepresentative,
                  tags: enterprise.tags.filter((tag) => TAG_SUGGESTIONS.includes(tag)),
                  otherTags: enterprise.tags.filter((tag) => !TAG_SUGGESTIONS.includes(tag)).join('、'),
                  industry: enterprise.industry,
                  size: enterprise.size,
                  registeredOn: enterprise.registeredOn,
                  divisionCode: enterprise.divisionCode,
                  bankName: enterprise.bankAccount.bankName,
                  accountNo: enterprise.bankAccount.accountNo,
                  bankCode: enterprise.bankAccount.bankCode,
                }
              : {}
          }
        >
          <Form.Item label="企业名称" name="name" rules={[{ required: true, message: '请填写企业名称' }]}>
            <Input maxLength={200} autoComplete="organization" />
          </Form.Item>
          <Form.Item
            label="法定代表人"
            name="legalRepresentative"
            rules={[{ required: true, message: '请填写法定代表人' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item label="企业标签" name="tags" extra="勾选符合的标签。标签决定推送哪些政策。">
            <Checkbox.Group options={TAG_SUGGESTIONS} />
          </Form.Item>
          <Form.Item
            label="其他标签"
            name="otherTags"
            extra="不在上面的标签，多个用顿号分隔，如：绿色工厂、瞪羚企业"
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label="所属行业" name="industry">
            <Select
              allowClear
              options={Object.entries(INDUSTRY_NAMES).map(([code, name]) => ({
                label: `${code} ${name}`,
                value: code,
              }))}
            />
          </Form.Item>
          <Form.Item label="企业规模" name="size">
            <Select
              allowClear
              options={Object.entries(SIZE_NAMES).map(([value, label]) => ({ label, value }))}
            />
          </Form.Item>
          <Form.Item label="成立日期" name="registeredOn">
            <Input type="date" />
          </Form.Item>
          <Form.Item
            label="注册地行政区划代码"
            name="divisionCode"
            extra="6 位数字，例如定南县 360728"
            rules={[{ pattern: /^\d{6}$/, message: '行政区划代码为 6 位数字' }]}
          >
            <Input inputMode="numeric" maxLength={6} />
          </Form.Item>
          <Typography.Title level={2}>收款银行账户</Typography.Title>
          <Typography.Paragraph type="secondary">
            户名须与企业名称一致，兑付资金只拨付到此账户。
          </Typography.Paragraph>
          <Form.Item label="开户银行" name="bankName" rules={[{ required: true, message: '请填写开户银行' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            label="银行账号"
            name="accountNo"
            rules={[
              { required: true, message: '请填写银行账号' },
              { pattern: /^\d{8,32}$/, message: '银行账号应为 8–32 位数字' },
            ]}
          >
            <Input inputMode="numeric" maxLength={32} />
          </Form.Item>
          {/* The county's bank cannot pay an account at another bank without the branch's CNAPS code. */}
          <Form.Item
            label="开户行联行号（跨行收款需要，12 位数字）"
            name="bankCode"
            extra="收款账户不在兑付银行开立时请填写。可在开户许可证、银行回单上找到，或向开户行查询。"
            rules={[{ pattern: /^\d{12}$/, message: '开户行联行号应为 12 位数字' }]}
          >
            <Input inputMode="numeric" maxLength={12} autoComplete="off" />
          </Form.Item>
          {accountChanging ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message="您正在变更收款账户"
              description="为防止资金被冒领，账户变更后的一段时间内，兑付会经过更严格的核查，可能需要人工确认后才能拨付。"
            />
          ) : null}
          {save.isError ? <Refusal error={save.error} title="没有保存成功" /> : null}
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            loading={save.isPending}
            style={{ marginTop: 12 }}
          >
            保存
          </Button>
        </Form>
      </Card>
    </Space>
  );
}

export function ProfilePage() {
  return (
    <SignedIn roles={['enterprise']} purpose="登记或修改企业信息">
      {(user) => <ProfileForm user={user} />}
    </SignedIn>
  );
}
