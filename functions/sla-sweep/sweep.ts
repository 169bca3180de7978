// SLA sweep: colours open review tasks green, yellow (due within a working day) or red (overdue).
import { addWorkingDays } from '../../shared/calendar.ts';
import { shanghaiDate } from '../../shared/dates.ts';

export type SlaColour = 'green' | 'yellow' | 'red';

export interface OpenTaskRef {
  id: string;
  dueDate: string;
  slaColour?: SlaColour;
}

export interface SweepPorts {
  /** Open tasks due on or before the given date, across all assignees. */
  openTasksDueBy(date: string): Promise<OpenTaskRef[]>;
  setColour(taskId: string, colour: SlaColour): Promise<void>;
  now(): Date;
}

export function colourOf(dueDate: string, today: string, nextWorkingDay: string): SlaColour {
  if (dueDate < today) return 'red';
  if (dueDate <= nextWorkingDay) return 'yellow';
  return 'green';
}

export async function sweep(ports: SweepPorts): Promise<{ yellow: number; red: number }> {
  const now = ports.now();
  const today = shanghaiDate(now);
  const nextWorkingDay = addWorkingDays(now, 1);
  const counts = { yellow: 0, red: 0 };
  for (const task of await ports.openTasksDueBy(nextWorkingDay)) {
    const colour = colourOf(task.dueDate, today, nextWorkingDay);
    if (colour === 'green') continue;
    counts[colour]++;
    // Only a change is written, so hourly sweeps do not churn unchanged tasks.
    if (task.slaColour !== colour) await ports.setColour(task.id, colour);
  }
  return counts;
}
