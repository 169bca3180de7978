// A task's deadline as the platform enforces it: the date, and red / yellow / green said in words as well as colour.
import { Tag } from 'antd';
import { TAG_COLOURS, today } from '../labels.ts';

type Colour = 'green' | 'yellow' | 'red';

const SHOWN: Record<Colour, { colour: string; words: string }> = {
  red: { colour: TAG_COLOURS.red, words: '已超期' },
  yellow: { colour: TAG_COLOURS.gold, words: '临近期限' },
  green: { colour: TAG_COLOURS.green, words: '期限内' },
};

/** Calendar days from the due date to today: how late a task is, 0 when not late. */
export function daysLate(dueDate: string, on = today()): number {
  const days = (Date.parse(on) - Date.parse(dueDate)) / 86_400_000;
  return Math.max(0, Math.round(days));
}

/** The sweep sets the colour as the working-day deadline nears and passes; before its first run, a passed date is red. */
export function colourOf(task: { dueDate: string; slaColour?: Colour }): Colour {
  if (task.slaColour) return task.slaColour;
  return task.dueDate < today() ? 'red' : 'green';
}

export function Deadline({
  task,
}: {
  task: { dueDate: string; slaColour?: Colour; dueDateProvisional?: boolean };
}) {
  const shown = SHOWN[colourOf(task)];
  const late = daysLate(task.dueDate);
  return (
    <span>
      <Tag color={shown.colour}>{shown.words}</Tag>
      {task.dueDate}
      {late ? `（已过 ${late} 天）` : ''}
      {task.dueDateProvisional ? '（节假日未公布，期限可能调整）' : ''}
    </span>
  );
}

export const COLOUR_WORDS: Record<Colour, string> = {
  red: SHOWN.red.words,
  yellow: SHOWN.yellow.words,
  green: SHOWN.green.words,
};
