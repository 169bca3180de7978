// 受理回执: what the window hands the enterprise once a case is filed at the counter — the case number to follow it by,
// the policy, the materials received and the date the guide's limits promise. Printed alone by the print CSS.
import { Button, Flex } from 'antd';
import { createPortal } from 'react-dom';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { when } from '../labels.ts';
import './acceptance-slip.css';

type CaseRecord = ClientResponse<'GET /applications/{id}'>;

interface SlipProps {
  record: CaseRecord;
  enterpriseName?: string | undefined;
  /** The files received, by the guide's material names; only the count is known when a slip is printed again. */
  materials?: { name: string; fileName: string }[];
}

/**
 * The slip on screen with its print button, and a copy directly under <body> that alone is printed: hiding the rest
 * of the page around a nested element leaves its frame's spacing and positioned pieces on the paper.
 */
export function AcceptanceSlip(props: SlipProps) {
  return (
    <Flex vertical gap="middle" align="start" style={{ width: '100%' }}>
      <Slip {...props} onScreen />
      {createPortal(
        <div className="slip-print-copy" aria-hidden="true">
          <Slip {...props} onScreen={false} />
        </div>,
        document.body,
      )}
      <Button type="primary" onClick={() => window.print()}>
        打印回执
      </Button>
    </Flex>
  );
}

function Slip(props: SlipProps & { onScreen: boolean }) {
  const { record, onScreen } = props;
  // The print copy carries no ids, so the page keeps each id once.
  const mark = (testId: string) => (onScreen ? { 'data-testid': testId } : {});
  const received = props.materials?.length
    ? props.materials.map((m) => `${m.name}（${m.fileName}）`)
    : [`共 ${record.materialIds?.length ?? 0} 份`];
  return (
    <section className="acceptance-slip" aria-label="受理回执">
      <h2>惠企政策兑现受理回执</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">办件编号</th>
            <td>
              <strong {...mark('slip-case-id')}>{record.id}</strong>
            </td>
          </tr>
          <tr>
            <th scope="row">申请企业</th>
            <td>{props.enterpriseName ? `${props.enterpriseName}（${record.uscc}）` : record.uscc}</td>
          </tr>
          <tr>
            <th scope="row">申请事项</th>
            <td>{record.policyName ?? record.policyId}</td>
          </tr>
          <tr>
            <th scope="row">受理时间</th>
            <td>{when(record.createdAt)}</td>
          </tr>
          <tr>
            <th scope="row">受理方式</th>
            <td>{record.channel === 'window' ? '政务服务中心惠企政策专窗代办' : '网上申报'}</td>
          </tr>
          <tr>
            <th scope="row">已收材料</th>
            <td>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {received.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </td>
          </tr>
          <tr>
            <th scope="row">承诺办结日期</th>
            <td>
              <strong {...mark('slip-due-on')}>{record.dueOn ?? '按办事指南时限办理'}</strong>
              （按办事指南各环节时限以工作日计，含公示期）
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        凭办件编号可在“惠企兑付”平台“我的办件”中查询进度，审批结果会以消息通知企业。需要补正材料时，可网上补正，也可带本回执到专窗办理。
      </p>
      <div className="signature">
        <span>受理人（签字）：________ 工号 {record.filedBy ?? ''}</span>
        <span>受理单位（盖章）：县政务服务中心惠企政策专窗</span>
      </div>
    </section>
  );
}
