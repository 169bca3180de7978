// A case's history as everyone reads it — the enterprise on its case page, a reviewer beside the decision.
import { Timeline, Typography } from 'antd';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { CASE_STATUS_COLOURS, CASE_STATUS_NAMES, when } from '../labels.ts';

type Entry = ClientResponse<'GET /applications/{id}'>['timeline'][number];

/** Who acted, in words: the chain and the sweeps are the platform; people are named by their account. */
const whoActed = (by: string) => (by.startsWith('chain:') || by.startsWith('system:') ? '平台自动处理' : by);

export function CaseTimeline({ timeline, showWho = false }: { timeline: Entry[]; showWho?: boolean }) {
  return (
    <Timeline
      items={timeline.map((entry) => ({
        color: CASE_STATUS_COLOURS[entry.status],
        children: (
          <>
            <Typography.Text strong>{CASE_STATUS_NAMES[entry.status]}</Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {when(entry.at)}
                {showWho ? ` · ${whoActed(entry.by)}` : ''}
              </Typography.Text>
            </div>
            {entry.note ? <div>{entry.note}</div> : null}
          </>
        ),
      }))}
    />
  );
}
