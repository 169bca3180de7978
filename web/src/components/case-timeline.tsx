// A case's history as everyone reads it — the enterprise on its case page, a reviewer beside the decision.
import { Timeline, Typography } from 'antd';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { actorWords, CASE_STATUS_COLOURS, CASE_STATUS_NAMES, when } from '../labels.ts';

type Entry = ClientResponse<'GET /applications/{id}'>['timeline'][number];

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
                {showWho ? ` · ${actorWords(entry.by)}` : ''}
              </Typography.Text>
            </div>
            {entry.note ? <div>{entry.note}</div> : null}
          </>
        ),
      }))}
    />
  );
}
