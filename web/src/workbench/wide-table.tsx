// A table wider than a phone: it scrolls sideways inside a region that takes the keyboard's focus, so people who do
// not use a mouse or a touch screen can scroll it too.
import { Table, type TableProps } from 'antd';

export function WideTable<T extends object>({ label, ...props }: TableProps<T> & { label: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      <Table<T> {...props} />
    </section>
  );
}
