// 银行文件 (网银批量代发): where the county pays through online banking, the payer downloads each cut-off's payment file
// and uploads it to online banking, then brings back the bank's result, return and statement files. What waits on the
// payer comes first: payment files nobody at the payer has downloaded yet. A second download is a copy of the same
// payments, so it is warned about before it is saved. Finance reads the same screen and imports nothing.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  List,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useId, useMemo, useState } from 'react';
import type { ClientRequest, ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { claimsOf } from '../auth.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { actorWords, TAG_COLOURS, when, yuan } from '../labels.ts';
import { Link } from '../router.tsx';
import { DateField, saveFromPlatform } from './parts.tsx';
import { isPayment } from './payment-decision.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type BankFile = ClientResponse<'GET /bank-files'>['items'][number];
type Kind = BankFile['kind'];
type ImportKind = ClientRequest<'POST /bank-files'>['body']['kind'];
type Imported = ClientResponse<'POST /bank-files'>;
type RefusedLine = Imported['refused'][number];

const KIND_NAMES: Record<Kind, string> = {
  payment: '代发文件',
  result: '处理结果',
  return: '退汇通知',
  statement: '对账单',
};

/** Which file from online banking each kind is, in the words its menus use. */
const IMPORT_KINDS: { kind: ImportKind; hint: string }[] = [
  {
    kind: 'result',
    hint: '网银批量代发处理完后下载的“处理结果”（回盘文件）：逐笔写明已付出或失败及原因',
  },
  { kind: 'return', hint: '已付出的款项被收款行退回时，网银提供的“退汇通知”（退汇明细）' },
  { kind: 'statement', hint: '付款账户的“账户对账单”（交易明细），财政据此逐笔对账' },
];

/** A body of up to 5 MB carries a file of about 3.7 MB once base64-encoded. */
const MAX_FILE_BYTES = 3_700_000;

/** What to do about a line Huiqi did not take from the bank's file, by why. */
const LINE_NEXT_STEPS: Record<string, string> = {
  UNKNOWN_REFERENCE: '核对是否选错了文件（其他单位或其他系统的文件）；是本单位的文件请向银行核实',
  AMOUNT_MISMATCH: '向银行核实这笔实际付了多少；核实前这笔仍为“待银行回盘”',
  ACCOUNT_MISMATCH: '向银行核实这笔付到了哪个账户；核实前这笔仍为“待银行回盘”',
  RESULT_CONFLICT: '银行对同一笔前后给出不同结果，请向银行核实，并在“兑付失败与退回”中核对这笔',
  ALREADY_APPLIED: '此前已处理过，无需再处理',
  NOT_IN_A_FILE: '这笔尚未写入代发文件，银行不应有结果，请向银行核实',
  DUPLICATE_LINE: '已按第一行处理，无需再处理',
};
const UNREADABLE_LINE =
  '这一行格式不对：请从网银重新下载原文件（不要用 Excel 打开后另存）再导入；仍不对请联系银行';
const nextStepOfLine = (line: RefusedLine) => LINE_NEXT_STEPS[line.code] ?? UNREADABLE_LINE;

/** Whether someone at the payer has downloaded the payment file (finance reading it does not upload it). */
const downloadedByPayer = (file: BankFile) =>
  file.downloads?.some((each) => each.by.startsWith('payer:')) ?? false;

const downloadWords = (file: BankFile) => {
  const downloads = file.downloads ?? [];
  const first = downloads[0];
  if (!first) return '尚未下载';
  const more = downloads.length > 1 ? `，共下载 ${downloads.length} 次` : '';
  return `${actorWords(first.by)}于 ${when(first.at)} 下载${more}`;
};

const whoWords = (file: BankFile) =>
  file.kind === 'payment'
    ? `平台生成；${downloadWords(file)}`
    : file.createdBy
      ? actorWords(file.createdBy)
      : '—';

const countsWords = (file: BankFile) =>
  file.kind === 'payment'
    ? file.status === 'building'
      ? '正在生成'
      : '—'
    : file.status === 'applying'
      ? `处理中：已处理 ${file.applied ?? 0} 行`
      : `已处理 ${file.applied ?? 0} 行，未处理 ${file.refused?.length ?? 0} 行`;

function exportFiles(files: BankFile[]) {
  saveCsv(`银行文件-${new Date().toISOString().slice(0, 10)}.csv`, [
    [
      '种类',
      '文件名',
      '文件编号',
      '截止时点',
      '行数',
      '金额（元）',
      '已处理行数',
      '未处理行数',
      '时间',
      '经办',
    ],
    ...files.map((file) => [
      KIND_NAMES[file.kind],
      file.fileName,
      file.fileNo ?? '',
      file.cutOff ? when(file.cutOff) : '',
      file.lines,
      (file.amountFen / 100).toFixed(2),
      file.kind === 'payment' ? '' : (file.applied ?? 0),
      file.kind === 'payment' ? '' : (file.refused?.length ?? 0),
      when(file.createdAt),
      whoWords(file),
    ]),
  ]);
}

/** Saves a payment file; one downloaded before is saved only once the person has read why a copy is dangerous. */
function useDownload(token: string) {
  const queries = useQueryClient();
  const [asked, setAsked] = useState<BankFile>();
  const [failed, setFailed] = useState<unknown>();
  const [saving, setSaving] = useState<string>();
  const save = async (file: BankFile) => {
    setAsked(undefined);
    setFailed(undefined);
    setSaving(file.id);
    try {
      await saveFromPlatform(`/bank-files/${encodeURIComponent(file.id)}/content`, token, file.fileName);
    } catch (error) {
      setFailed(error);
    } finally {
      setSaving(undefined);
      // The download is recorded: the list shows who downloaded it when.
      await queries.invalidateQueries({ queryKey: ['bank-files'] });
    }
  };
  const download = (file: BankFile) => (file.downloads?.length ? setAsked(file) : void save(file));
  const first = asked?.downloads?.[0];
  const warning = asked ? (
    <Modal
      open
      title="这份代发文件已经下载过"
      okText="确认网银中尚未上传，下载副本"
      cancelText="不下载"
      onOk={() => void save(asked)}
      onCancel={() => setAsked(undefined)}
    >
      <Typography.Paragraph>
        这份文件已于 {first ? when(first.at) : ''} 由 {first ? actorWords(first.by) : ''}{' '}
        下载过。同一文件重复上传网银会重复付款，请确认网银中尚未上传。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {asked.fileName}：{asked.lines} 笔，合计 {yuan(asked.amountFen)}。
      </Typography.Paragraph>
    </Modal>
  ) : null;
  return { download, warning, failed, saving };
}

type Download = ReturnType<typeof useDownload>;

function DownloadButton({ file, loader }: { file: BankFile; loader: Download }) {
  const copy = Boolean(file.downloads?.length);
  return (
    <Button
      type={copy ? 'default' : 'primary'}
      loading={loader.saving === file.id}
      disabled={file.status !== 'ready'}
      onClick={() => loader.download(file)}
      aria-label={`${copy ? '再次下载' : '下载'}：${file.fileName}`}
    >
      {copy ? '再次下载' : '下载'}
    </Button>
  );
}

/** The payment files waiting on the payer, oldest cut-off first, and those downloaded in the last three days. */
function PaymentFiles({
  files,
  canDownload,
  loader,
}: {
  files: BankFile[];
  canDownload: boolean;
  loader: Download;
}) {
  const recent = Date.now() - 3 * 86_400_000;
  const waiting = files
    .filter((file) => !downloadedByPayer(file))
    .sort((a, b) => (a.cutOff ?? a.createdAt).localeCompare(b.cutOff ?? b.createdAt));
  const downloaded = files
    .filter((file) => downloadedByPayer(file) && Date.parse(file.createdAt) >= recent)
    .slice(0, 5);
  const shown = [...waiting, ...downloaded];
  return (
    <section aria-labelledby="payment-files-title">
      <Typography.Title level={2} id="payment-files-title" style={{ fontSize: '1.2em' }}>
        待下载上传网银（{waiting.length} 份）
      </Typography.Title>
      <Typography.Paragraph>
        {canDownload
          ? '每个截止时点（默认 10:00、15:00）发出的兑付汇成一份代发文件。请下载后上传到网银的“批量代发”，网银处理完后在下方导入银行的处理结果。'
          : '每个截止时点发出的兑付汇成一份代发文件，由兑付机构下载后上传网银。'}
      </Typography.Paragraph>
      {shown.length === 0 ? (
        <Empty description="没有待下载的代发文件" />
      ) : (
        <List<BankFile>
          dataSource={shown}
          renderItem={(file) => {
            const waits = !downloadedByPayer(file);
            return (
              <List.Item
                actions={
                  canDownload && file.status === 'ready'
                    ? [<DownloadButton key="get" file={file} loader={loader} />]
                    : []
                }
              >
                <Flex vertical gap={4}>
                  <Flex gap="small" wrap align="center">
                    {file.status === 'building' ? (
                      <Tag color={TAG_COLOURS.blue}>正在生成</Tag>
                    ) : waits ? (
                      <Tag color={TAG_COLOURS.orange}>待下载上传网银</Tag>
                    ) : (
                      <Tag color={TAG_COLOURS.green}>已下载</Tag>
                    )}
                    <Typography.Text strong>{file.fileName}</Typography.Text>
                  </Flex>
                  <Typography.Text>
                    {file.lines} 笔，合计 {yuan(file.amountFen)}
                    {file.cutOff ? `；截止时点 ${when(file.cutOff)}` : ''}
                  </Typography.Text>
                  <Typography.Text type="secondary">{downloadWords(file)}</Typography.Text>
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
      {loader.failed ? <Refusal error={loader.failed} title="未能下载代发文件" /> : null}
    </section>
  );
}

async function base64Of(file: File): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('这个文件读不出来，请从网银重新下载后再选择'));
    reader.readAsDataURL(file);
  });
  return url.slice(url.indexOf(',') + 1);
}

function RefusedLines({ lines }: { lines: RefusedLine[] }) {
  return (
    <WideTable<RefusedLine>
      label="未处理的行"
      size="small"
      rowKey={(line) => `${line.line}${line.code}`}
      dataSource={lines}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      minWidth={640}
      columns={[
        { title: '行号', dataIndex: 'line', width: 70 },
        { title: '业务参考号', key: 'reference', render: (_, line) => line.reference ?? '—' },
        { title: '原因', dataIndex: 'message' },
        { title: '怎么办', key: 'next', render: (_, line) => nextStepOfLine(line) },
      ]}
    />
  );
}

function ImportAnswer({ answer }: { answer: Imported }) {
  const name = KIND_NAMES[answer.kind];
  return (
    <Flex vertical gap="small">
      {answer.repeated ? (
        <Alert
          type="info"
          showIcon
          role="status"
          message="该文件已导入过，本次未重复处理"
          description={`首次导入时：文件共 ${answer.lines} 行，已处理 ${answer.applied} 行，未处理 ${answer.refused.length} 行。`}
        />
      ) : answer.status === 'applying' ? (
        <Alert
          type="info"
          showIcon
          role="status"
          message={`${name}较大，已处理 ${answer.applied} 行，其余正在后台处理`}
          description={`文件共 ${answer.lines} 行。其余几分钟内处理完毕，可在下方“全部银行文件”中查看进度；无需再次上传。`}
        />
      ) : (
        <Alert
          type={answer.refused.length ? 'warning' : 'success'}
          showIcon
          role="status"
          message={`${name}导入完成：已处理 ${answer.applied} 行`}
          description={
            answer.refused.length
              ? `文件共 ${answer.lines} 行，其中 ${answer.refused.length} 行未处理，见下表，请逐行按“怎么办”处理。`
              : `文件共 ${answer.lines} 行，全部已处理。`
          }
        />
      )}
      {answer.kind === 'result' && !answer.repeated && answer.applied > 0 ? (
        <Typography.Text>
          银行已付出的款项现为“已兑付”；银行未付出的，在
          <Link to="/work/failed-payments" style={{ textDecoration: 'underline' }}>
            兑付失败与退回
          </Link>
          中查看原因和后续处理。
        </Typography.Text>
      ) : null}
      {answer.refused.length ? <RefusedLines lines={answer.refused} /> : null}
    </Flex>
  );
}

/** The payer brings back a file from online banking: its kind, the file, and what was done with each line. */
function ImportCard({ token }: { token: string }) {
  const queries = useQueryClient();
  const fileId = useId();
  const [kind, setKind] = useState<ImportKind>('result');
  const [file, setFile] = useState<File>();
  const [tooBig, setTooBig] = useState(false);
  const upload = useMutation({
    mutationFn: async (chosen: File) =>
      api.call(
        'POST /bank-files',
        { body: { kind, fileName: chosen.name, contentBase64: await base64Of(chosen) } },
        token,
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['bank-files'] }),
  });
  const choose = (chosen: File | undefined) => {
    upload.reset();
    setTooBig(Boolean(chosen && chosen.size > MAX_FILE_BYTES));
    setFile(chosen);
  };
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: '1.1em' }}>
          导入银行文件
        </Typography.Title>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (file && !tooBig) upload.mutate(file);
        }}
      >
        <Flex vertical gap="middle">
          <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
            <legend style={{ fontSize: 'inherit', marginBottom: 8, border: 0 }}>文件种类</legend>
            <Radio.Group
              value={kind}
              onChange={(event) => {
                setKind(event.target.value);
                upload.reset();
              }}
            >
              <Flex vertical gap="small">
                {IMPORT_KINDS.map((each) => (
                  <Radio key={each.kind} value={each.kind}>
                    <Typography.Text strong>{KIND_NAMES[each.kind]}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">{each.hint}</Typography.Text>
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </fieldset>
          <Flex gap={12} wrap align="center">
            <input
              id={fileId}
              className="file-input"
              type="file"
              aria-label={`选择${KIND_NAMES[kind]}文件`}
              onChange={(event) => choose(event.target.files?.[0])}
            />
            <label htmlFor={fileId} className="file-button">
              {file ? '重新选择文件' : '选择文件'}
            </label>
            <span aria-live="polite">
              {file ? (
                <Typography.Text>已选择：{file.name}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">请选择从网银下载的原文件，不要修改或另存</Typography.Text>
              )}
            </span>
          </Flex>
          {tooBig ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              message="文件超过 3.7 MB，无法一次导入"
              description="请在网银按较短的日期范围分几次下载，再分别导入。"
            />
          ) : null}
          <div>
            <Button type="primary" htmlType="submit" disabled={!file || tooBig} loading={upload.isPending}>
              导入{KIND_NAMES[kind]}
            </Button>
          </div>
          {upload.isError ? <Refusal error={upload.error} title="未能导入这个文件" /> : null}
          {upload.data ? <ImportAnswer answer={upload.data} /> : null}
        </Flex>
      </form>
    </Card>
  );
}

function History({ token, canDownload, loader }: { token: string; canDownload: boolean; loader: Download }) {
  const narrow = !Grid.useBreakpoint().md;
  const [kind, setKind] = useState<Kind>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = { ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const history = useQuery({
    queryKey: ['bank-files', 'history', token, query],
    queryFn: () => api.call('GET /bank-files', { query }, token),
  });
  const files = history.data?.items ?? [];
  const download = (file: BankFile) =>
    canDownload && file.kind === 'payment' && file.status === 'ready' ? (
      <div>
        <DownloadButton file={file} loader={loader} />
      </div>
    ) : null;
  return (
    <section aria-labelledby="bank-file-history-title">
      <Typography.Title level={2} id="bank-file-history-title" style={{ fontSize: '1.2em' }}>
        全部银行文件
      </Typography.Title>
      <Flex gap="small" wrap align="end" style={{ marginBottom: 12 }}>
        <Flex vertical style={{ flex: '0 1 170px' }}>
          <span id="bank-file-kind-label">种类</span>
          <Select
            aria-labelledby="bank-file-kind-label"
            placeholder="全部种类"
            allowClear
            value={kind}
            onChange={setKind}
            options={Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))}
          />
        </Flex>
        <DateField label="开始日期" value={from} onChange={setFrom} />
        <DateField label="结束日期" value={to} onChange={setTo} />
        <Button onClick={() => exportFiles(files)} disabled={!files.length}>
          导出表格（CSV）
        </Button>
      </Flex>
      {history.isError ? <Refusal error={history.error} title="暂时无法读取银行文件" /> : null}
      {narrow ? (
        <List<BankFile>
          loading={history.isLoading}
          dataSource={files}
          pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
          locale={{ emptyText: '没有符合条件的银行文件' }}
          renderItem={(file) => (
            <List.Item>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex gap="small" wrap align="center">
                  <Tag color={TAG_COLOURS.grey}>{KIND_NAMES[file.kind]}</Tag>
                  <Typography.Text strong style={{ wordBreak: 'break-all' }}>
                    {file.fileName}
                  </Typography.Text>
                </Flex>
                <Typography.Text>
                  {file.lines} 行，{yuan(file.amountFen)}
                  {file.kind === 'payment' ? '' : `；${countsWords(file)}`}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {when(file.createdAt)}；{whoWords(file)}
                </Typography.Text>
                {file.refused?.length ? (
                  <details>
                    <summary>查看未处理的 {file.refused.length} 行</summary>
                    <RefusedLines lines={file.refused} />
                  </details>
                ) : null}
                {download(file)}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<BankFile>
          rowKey="id"
          loading={history.isLoading}
          dataSource={files}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 份`, hideOnSinglePage: true }}
          locale={{ emptyText: '没有符合条件的银行文件' }}
          // Files with refused lines open to them; without any, no column is kept for the button.
          {...(files.some((file) => file.refused?.length)
            ? {
                expandable: {
                  rowExpandable: (file: BankFile) => Boolean(file.refused?.length),
                  expandedRowRender: (file: BankFile) => <RefusedLines lines={file.refused ?? []} />,
                },
              }
            : {})}
          columns={[
            { title: '种类', key: 'kind', width: 100, render: (_, file) => KIND_NAMES[file.kind] },
            {
              title: '文件名',
              key: 'name',
              render: (_, file) => <span style={{ wordBreak: 'break-all' }}>{file.fileName}</span>,
            },
            { title: '行数', dataIndex: 'lines', width: 70, align: 'right' },
            {
              title: '金额',
              key: 'amount',
              width: 130,
              align: 'right',
              render: (_, file) => yuan(file.amountFen),
            },
            { title: '处理情况', key: 'counts', width: 190, render: (_, file) => countsWords(file) },
            { title: '时间', key: 'at', width: 170, render: (_, file) => when(file.createdAt) },
            { title: '经办', key: 'who', render: (_, file) => whoWords(file) },
            ...(canDownload
              ? [
                  {
                    title: '操作',
                    key: 'get',
                    width: 100,
                    render: (_: unknown, file: BankFile) => download(file),
                  },
                ]
              : []),
          ]}
        />
      )}
    </section>
  );
}

/** How long a line may wait for its result before the payer is asked to look for it: banks answer within the day. */
const RESULT_EXPECTED_MS = 86_400_000;

/**
 * Payments sent to the bank in a payment file whose result has not come back within a day: the file may not have
 * been uploaded, or its result not imported. Said first, with what to do, since the enterprises wait on it.
 */
function UnansweredLines({ token, payer }: { token: string; payer: boolean }) {
  const waiting = useQuery({
    queryKey: ['payments', 'awaiting_bank', token],
    queryFn: () => api.call('GET /payments', { query: { status: 'awaiting_bank', limit: 500 } }, token),
    refetchInterval: 60_000,
  });
  const late = (waiting.data?.items ?? [])
    .filter(isPayment)
    .filter((payment) => Date.now() - Date.parse(payment.updatedAt) > RESULT_EXPECTED_MS)
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const [oldest] = late;
  if (!oldest) return null;
  const total = late.reduce((sum, payment) => sum + payment.amountFen, 0);
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      message={`${late.length} 笔兑付（合计 ${yuan(total)}）发往银行超过一天仍未收到处理结果，最早的于 ${when(oldest.updatedAt)} 发出`}
      description={
        payer
          ? '请在网银查询这些代发文件的处理情况：已处理的，下载“处理结果”后在下方导入；网银中查不到的，请先与开户银行核实未收到，再重新下载上传，以免重复代发。'
          : '请提醒兑付机构在网银查询处理情况并导入银行的处理结果。'
      }
    />
  );
}

export function BankFilesScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const payer = claimsOf(user).role === 'payer';
  const loader = useDownload(token);
  const payments = useQuery({
    queryKey: ['bank-files', 'payment', token],
    queryFn: () => api.call('GET /bank-files', { query: { kind: 'payment' } }, token),
    // A cut-off passes while the page is open: the new file shows without a reload.
    refetchInterval: 60_000,
  });
  const paymentFiles = useMemo(() => payments.data?.items ?? [], [payments.data]);
  return (
    <Flex vertical gap="large">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          银行文件
        </Typography.Title>
        <Typography.Text>
          通过网银批量代发兑付：下载代发文件上传网银；网银处理后，导入银行的处理结果、退汇通知和对账单，款项状态随之更新。
        </Typography.Text>
      </div>
      <UnansweredLines token={token} payer={payer} />
      {payments.isError ? (
        <Refusal error={payments.error} title="暂时无法读取代发文件" />
      ) : (
        <PaymentFiles files={paymentFiles} canDownload={payer} loader={loader} />
      )}
      {payer ? <ImportCard token={token} /> : null}
      <History token={token} canDownload={payer} loader={loader} />
      {loader.warning}
    </Flex>
  );
}
