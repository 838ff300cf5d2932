/** Any JSON value, pretty-printed in a scrollable block (a payload, an event's attributes). */
export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre data-testid={testId} style={{ margin: 0, maxHeight: 320, overflow: 'auto', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
