import type { ComponentChildren } from 'preact';

/**
 * One figure: its label, its value as the API gave it (`value`, machine-readable in a <data>
 * element) and as written for a reader (`text`).
 */
export function Figure(props: { id: string; label: string; value: number | null; text: string; note?: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="figure" data-figure={props.id}>
      <dt>{props.label}</dt>
      <dd>
        <data value={props.value === null ? '' : String(props.value)}>{props.text}</data>
        {props.note && <span class="note">{props.note}</span>}
        {props.children}
      </dd>
    </div>
  );
}

/** A figure's number in a table cell, machine-readable too. */
export function Cell({ value, text }: { value: number | null; text: string }) {
  return (
    <td class="number">
      <data value={value === null ? '' : String(value)}>{text}</data>
    </td>
  );
}
