// The guide (办事指南) as a form: an admin writes a new item as a draft, or edits one; every element the catalog's
// types allow — materials, each step's time limit, the amount rule, eligibility rules, announcement, period.
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import type { ClientRequest, ClientResponse } from '../../../shared/api/contract.ts';
import { MODE_PROCESSES } from '../../../shared/catalog/process.ts';
import { DEFAULT_TIME_LIMITS } from '../../../shared/catalog/types.ts';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { CHANNEL_NAMES, INDUSTRY_NAMES, MODE_HINTS, MODE_NAMES, SIZE_NAMES } from '../labels.ts';

type Policy = ClientResponse<'GET /policies/{id}'>;
export type NewPolicy = ClientRequest<'POST /policies'>['body'];
export type GuideBody = ClientRequest<'PUT /policies/{id}'>['body'];
type Mode = Policy['mode'];
type AmountKind = 'none' | 'fixed' | 'per_unit' | 'percentage';
type Choice = 'mode' | 'yes' | 'no';
type Steps = NonNullable<GuideBody['process']>;
type JointReviewPlace = NonNullable<Steps['jointReview']>;

const STEP_CHOICES: { key: 'eligibilityCheck' | 'initialReview' | 'substantiveReview'; label: string }[] = [
  { key: 'eligibilityCheck', label: '预审（按享受条件自动核对）' },
  { key: 'initialReview', label: '初审（部门审核材料）' },
  { key: 'substantiveReview', label: '实地核查或专家评审' },
];
const JOINT_REVIEW_NAMES: Record<JointReviewPlace, string> = {
  before_decision: '主管部门决定前',
  after_decision: '主管部门决定后',
};
const choiceOf = (value: boolean | undefined): Choice =>
  value === undefined ? 'mode' : value ? 'yes' : 'no';

/** The form's own fields: amounts in yuan as people type them, lists of tags as one line. */
interface Fields {
  seq?: number;
  departmentId?: string;
  groupName: string;
  name: string;
  mode: Mode;
  channel: Policy['channel'];
  basis: string;
  eligibilityText: string;
  allTags?: string;
  anyTags?: string;
  industries?: string[];
  sizes?: string[];
  registeredOnOrAfter?: string;
  registeredOnOrBefore?: string;
  divisionCodes?: string;
  materials: { name: string; required: boolean }[];
  timeLimits: Policy['timeLimits'];
  amountKind: AmountKind;
  amountYuan?: number;
  unitName?: string;
  unitYuan?: number;
  baseName?: string;
  percent?: number;
  capYuan?: number;
  announcementDays: number;
  effectiveFrom: string;
  effectiveTo?: string;
  /** Each review step as the mode has it ('mode'), or asked for ('yes') or left out ('no'). */
  eligibilityCheck: Choice;
  initialReview: Choice;
  substantiveReview: Choice;
  jointReview: 'mode' | JointReviewPlace;
}

const STEP_NAMES: Record<keyof Policy['timeLimits'], string> = {
  routing: '分办',
  initialReview: '初审',
  substantiveReview: '实地核查或专家评审',
  payer: '资金兑付',
};

const AMOUNT_KINDS: { value: AmountKind; label: string }[] = [
  { value: 'none', label: '由主管部门核定' },
  { value: 'fixed', label: '定额' },
  { value: 'per_unit', label: '按数量' },
  { value: 'percentage', label: '按比例' },
];

/** A line of tags or codes, separated the way people type them: 、 , ， or spaces. */
const listOf = (line: string | undefined) =>
  (line ?? '')
    .split(/[、,，;；\s]+/)
    .map((item) => item.trim())
    .filter(Boolean);
const fenOf = (yuan: number | undefined) => Math.round((yuan ?? 0) * 100);
const yuanOf = (fen: number) => fen / 100;
const blankToUndefined = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

function fieldsOf(policy: Policy | undefined): Partial<Fields> {
  if (!policy) {
    return {
      mode: 'instant',
      channel: 'online',
      materials: [{ name: '申请表', required: true }],
      timeLimits: DEFAULT_TIME_LIMITS.instant,
      amountKind: 'none',
      announcementDays: 5,
      eligibilityCheck: 'mode',
      initialReview: 'mode',
      substantiveReview: 'mode',
      jointReview: 'mode',
    };
  }
  const rules = policy.eligibility.rules;
  const rule = policy.amountRule;
  return {
    seq: policy.seq,
    departmentId: policy.departmentId,
    groupName: policy.groupName,
    name: policy.name,
    mode: policy.mode,
    channel: policy.channel,
    basis: policy.basis,
    eligibilityText: policy.eligibility.text,
    allTags: rules.allTags?.join('、'),
    anyTags: rules.anyTags?.join('、'),
    industries: rules.industries ?? [],
    sizes: rules.sizes ?? [],
    registeredOnOrAfter: rules.registeredOnOrAfter,
    registeredOnOrBefore: rules.registeredOnOrBefore,
    divisionCodes: rules.divisionCodes?.join('、'),
    materials: policy.materials,
    timeLimits: policy.timeLimits,
    amountKind: rule?.kind ?? 'none',
    ...(rule?.kind === 'fixed' ? { amountYuan: yuanOf(rule.amountFen) } : {}),
    ...(rule?.kind === 'per_unit'
      ? { unitName: rule.unitName, unitYuan: yuanOf(rule.unitFen), capYuan: yuanOf(rule.capFen) }
      : {}),
    ...(rule?.kind === 'percentage'
      ? { baseName: rule.baseName, percent: rule.basisPoints / 100, capYuan: yuanOf(rule.capFen) }
      : {}),
    announcementDays: policy.announcementDays,
    effectiveFrom: policy.effectiveFrom,
    effectiveTo: policy.effectiveTo,
    eligibilityCheck: choiceOf(policy.process?.eligibilityCheck),
    initialReview: choiceOf(policy.process?.initialReview),
    substantiveReview: choiceOf(policy.process?.substantiveReview),
    jointReview: policy.process?.jointReview ?? 'mode',
  };
}

/** The steps that differ from the mode's process; none for 免申即享, which is paid from whitelists. */
function processOf(fields: Fields): Steps | undefined {
  if (fields.mode === 'auto') return undefined;
  const steps: Steps = {};
  for (const { key } of STEP_CHOICES) {
    if (fields[key] !== 'mode') steps[key] = fields[key] === 'yes';
  }
  if (fields.jointReview !== 'mode') steps.jointReview = fields.jointReview;
  return Object.keys(steps).length ? steps : undefined;
}

function amountRuleOf(fields: Fields): GuideBody['amountRule'] {
  switch (fields.amountKind) {
    case 'fixed':
      return { kind: 'fixed', amountFen: fenOf(fields.amountYuan) };
    case 'per_unit':
      return {
        kind: 'per_unit',
        unitName: fields.unitName?.trim() ?? '',
        unitFen: fenOf(fields.unitYuan),
        capFen: fenOf(fields.capYuan),
      };
    case 'percentage':
      return {
        kind: 'percentage',
        baseName: fields.baseName?.trim() ?? '',
        basisPoints: Math.round((fields.percent ?? 0) * 100),
        capFen: fenOf(fields.capYuan),
      };
    default:
      return undefined;
  }
}

/** The guide as the API takes it; a rule left empty is left out, so it does not narrow who qualifies. */
function guideOf(fields: Fields): GuideBody {
  const lists = {
    allTags: listOf(fields.allTags),
    anyTags: listOf(fields.anyTags),
    industries: fields.industries ?? [],
    sizes: (fields.sizes ?? []) as NonNullable<GuideBody['eligibility']['rules']['sizes']>,
    divisionCodes: listOf(fields.divisionCodes),
  };
  const rules = Object.fromEntries(
    Object.entries({
      ...lists,
      registeredOnOrAfter: blankToUndefined(fields.registeredOnOrAfter),
      registeredOnOrBefore: blankToUndefined(fields.registeredOnOrBefore),
    }).filter(([, value]) => (Array.isArray(value) ? value.length > 0 : value !== undefined)),
  );
  const amountRule = amountRuleOf(fields);
  const effectiveTo = blankToUndefined(fields.effectiveTo);
  const process = processOf(fields);
  return {
    groupName: fields.groupName.trim(),
    name: fields.name.trim(),
    mode: fields.mode,
    channel: fields.channel,
    basis: fields.basis.trim(),
    eligibility: { text: fields.eligibilityText.trim(), rules },
    materials: (fields.materials ?? []).map((m) => ({ name: m.name.trim(), required: Boolean(m.required) })),
    timeLimits: fields.timeLimits,
    ...(amountRule ? { amountRule } : {}),
    announcementDays: fields.announcementDays,
    ...(process ? { process } : {}),
    effectiveFrom: fields.effectiveFrom,
    ...(effectiveTo ? { effectiveTo } : {}),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateRule = { pattern: DATE, message: '请按 2026-01-01 的格式填写日期' };

export function PolicyForm(props: {
  /** The policy edited; absent when a new draft is written. */
  policy?: Policy;
  pending: boolean;
  error: unknown;
  onSubmit: (body: NewPolicy | GuideBody) => void;
  onCancel?: () => void;
}) {
  const creating = props.policy === undefined;
  const [form] = Form.useForm<Fields>();
  const amountKind = Form.useWatch('amountKind', form);
  const mode = Form.useWatch('mode', form);
  const usual = mode && mode !== 'auto' ? MODE_PROCESSES[mode] : undefined;
  const yesNo = (value: boolean | undefined) => (value ? '有' : '无');
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => api.call('GET /departments', {}),
    enabled: creating,
  });
  const submit = (fields: Fields) => {
    const guide = guideOf(fields);
    props.onSubmit(
      creating ? { ...guide, seq: fields.seq ?? 0, departmentId: fields.departmentId ?? '' } : guide,
    );
  };
  const required = (what: string) => ({ required: true, message: `请填写${what}` });

  return (
    <Form<Fields>
      form={form}
      layout="vertical"
      initialValues={fieldsOf(props.policy)}
      onFinish={submit}
      scrollToFirstError
      onValuesChange={(changed: Partial<Fields>) => {
        // A new mode brings its usual limits; the admin adjusts from there.
        if (changed.mode) form.setFieldValue('timeLimits', DEFAULT_TIME_LIMITS[changed.mode]);
      }}
    >
      <Flex vertical gap="middle">
        <Card title="事项">
          <Row gutter={16}>
            {creating ? (
              <>
                <Col xs={24} md={8}>
                  <Form.Item
                    label="清单序号"
                    name="seq"
                    rules={[required('清单序号')]}
                    extra="本县政策清单中的序号，决定事项编号"
                  >
                    <InputNumber min={1} max={9999} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item label="主管部门" name="departmentId" rules={[required('主管部门')]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder="选择主管部门"
                      loading={departments.isLoading}
                      options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                    />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            <Col xs={24} md={12}>
              <Form.Item label="政策项目" name="groupName" rules={[required('政策项目')]}>
                <Input maxLength={100} placeholder="如：文旅产业发展奖励" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="事项名称" name="name" rules={[required('事项名称')]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="兑现方式" name="mode" rules={[required('兑现方式')]}>
            <Radio.Group>
              <Flex vertical gap={4}>
                {(Object.keys(MODE_NAMES) as Mode[]).map((mode) => (
                  <Radio key={mode} value={mode}>
                    {MODE_NAMES[mode]}：<Typography.Text type="secondary">{MODE_HINTS[mode]}</Typography.Text>
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>
          <Form.Item label="办理渠道" name="channel">
            <Radio.Group
              options={(Object.keys(CHANNEL_NAMES) as Policy['channel'][]).map((channel) => ({
                value: channel,
                label: CHANNEL_NAMES[channel],
              }))}
            />
          </Form.Item>
          <Form.Item label="政策依据" name="basis" rules={[required('政策依据')]}>
            <Input.TextArea rows={2} maxLength={2000} placeholder="文件名称及条款" />
          </Form.Item>
        </Card>

        <Card title="享受对象与条件">
          <Form.Item label="享受对象（公开展示的文字）" name="eligibilityText" rules={[required('享受对象')]}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
          <Typography.Paragraph type="secondary">
            以下条件用于精准推送和申请预审，不填的条件不作限制。多个标签或区划代码用顿号“、”分隔。
          </Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="须同时具备的标签" name="allTags">
                <Input placeholder="如：入规、高新技术企业" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="具备其一即可的标签" name="anyTags">
                <Input placeholder="如：文旅、旅游" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="适用行业" name="industries">
                <Select
                  mode="multiple"
                  allowClear
                  placeholder="不限"
                  optionFilterProp="label"
                  options={Object.entries(INDUSTRY_NAMES).map(([code, name]) => ({
                    value: code,
                    label: `${code} ${name}`,
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="适用地区（行政区划代码）" name="divisionCodes">
                <Input placeholder="如：360728" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="企业规模" name="sizes">
                <Checkbox.Group
                  options={Object.entries(SIZE_NAMES).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="成立日期不早于" name="registeredOnOrAfter" rules={[dateRule]}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label="成立日期不晚于" name="registeredOnOrBefore" rules={[dateRule]}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="申请材料">
          <Form.List name="materials">
            {(items, { add, remove }) => (
              <Flex vertical gap={8}>
                {items.map((item, index) => (
                  <Flex key={item.key} gap={12} align="start" wrap>
                    <Form.Item
                      name={[item.name, 'name']}
                      rules={[required('材料名称')]}
                      style={{ flex: '1 1 240px', marginBottom: 0 }}
                    >
                      <Input aria-label={`材料 ${index + 1} 名称`} maxLength={100} />
                    </Form.Item>
                    <Form.Item
                      name={[item.name, 'required']}
                      valuePropName="checked"
                      style={{ marginBottom: 0 }}
                    >
                      <Checkbox>必交</Checkbox>
                    </Form.Item>
                    <Button onClick={() => remove(item.name)} aria-label={`删除材料 ${index + 1}`}>
                      删除
                    </Button>
                  </Flex>
                ))}
                <div>
                  <Button onClick={() => add({ name: '', required: true })}>添加一项材料</Button>
                </div>
              </Flex>
            )}
          </Form.List>
        </Card>

        {usual ? (
          <Card title="办理流程">
            <Typography.Paragraph type="secondary">
              默认按兑现方式的流程办理；与默认不同时在此选择。所有流程都经主管部门决定。
            </Typography.Paragraph>
            <Row gutter={16}>
              {STEP_CHOICES.map(({ key, label }) => (
                <Col key={key} xs={24} md={6}>
                  <Form.Item label={label} name={key}>
                    <Select
                      options={[
                        { value: 'mode', label: `按兑现方式（${yesNo(usual[key])}）` },
                        { value: 'yes', label: '有' },
                        { value: 'no', label: '无' },
                      ]}
                    />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24} md={6}>
                <Form.Item label="联合审核（联审部门名单）" name="jointReview">
                  <Select
                    options={[
                      { value: 'mode', label: `按兑现方式（${JOINT_REVIEW_NAMES[usual.jointReview]}）` },
                      ...Object.entries(JOINT_REVIEW_NAMES).map(([value, label]) => ({ value, label })),
                    ]}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        ) : null}

        <Card title="办理时限与公示">
          <Typography.Paragraph type="secondary">
            各环节时限按工作日计；承诺办结日期由这些时限从受理日算起。
          </Typography.Paragraph>
          <Row gutter={16}>
            {(Object.keys(STEP_NAMES) as (keyof Policy['timeLimits'])[]).map((step) => (
              <Col key={step} xs={12} md={6}>
                <Form.Item
                  label={`${STEP_NAMES[step]}（工作日）`}
                  name={['timeLimits', step]}
                  rules={[required(`${STEP_NAMES[step]}时限`)]}
                >
                  <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
            <Col xs={12} md={6}>
              <Form.Item label="公示天数" name="announcementDays" rules={[required('公示天数')]}>
                <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="兑付标准">
          <Form.Item label="计算方式" name="amountKind">
            <Radio.Group options={AMOUNT_KINDS} />
          </Form.Item>
          <Row gutter={16}>
            {amountKind === 'fixed' ? (
              <Col xs={24} md={8}>
                <Form.Item label="每户金额（元）" name="amountYuan" rules={[required('金额')]}>
                  <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
            {amountKind === 'per_unit' ? (
              <>
                <Col xs={24} md={8}>
                  <Form.Item label="计量单位" name="unitName" rules={[required('计量单位')]}>
                    <Input maxLength={20} placeholder="如：人、平方米" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item label="每单位金额（元）" name="unitYuan" rules={[required('每单位金额')]}>
                    <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {amountKind === 'percentage' ? (
              <>
                <Col xs={24} md={8}>
                  <Form.Item label="计算基数" name="baseName" rules={[required('计算基数')]}>
                    <Input maxLength={40} placeholder="如：设备投资额" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item label="比例（%）" name="percent" rules={[required('比例')]}>
                    <InputNumber min={0.01} max={100} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            ) : null}
            {amountKind === 'per_unit' || amountKind === 'percentage' ? (
              <Col xs={12} md={8}>
                <Form.Item label="最高金额（元）" name="capYuan" rules={[required('最高金额')]}>
                  <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
        </Card>

        <Card title="有效期">
          <Row gutter={16}>
            <Col xs={12} md={8}>
              <Form.Item label="生效日期" name="effectiveFrom" rules={[required('生效日期'), dateRule]}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item label="失效日期（长期有效可不填）" name="effectiveTo" rules={[dateRule]}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        {props.error ? <Refusal error={props.error} title="办事指南没有保存" /> : null}
        <Space wrap>
          <Button type="primary" size="large" htmlType="submit" loading={props.pending}>
            {creating ? '保存为草稿' : '保存为新版本'}
          </Button>
          {props.onCancel ? (
            <Button size="large" onClick={props.onCancel}>
              取消
            </Button>
          ) : null}
        </Space>
      </Flex>
    </Form>
  );
}
