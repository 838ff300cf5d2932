// One intake message (NATS today, any queue tomorrow) -> the events it carries, or the reason
// it is refused, naming the field. A message is all or nothing: if one event in an array is
// bad, none of them is committed, so an operator can fix and replay the message as a whole.
import { EventInput, MAX_EVENTS_PER_REQUEST, describeZodError } from '../runtime/event-input';

export type ParsedMessage = { ok: true; events: EventInput[] } | { ok: false; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseIntakeMessage(data: Uint8Array): ParsedMessage {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return { ok: false, error: 'body: not UTF-8 text' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `body: not JSON (${(err as Error).message})` };
  }
  const single = !Array.isArray(json);
  const items: unknown[] = single ? [json] : (json as unknown[]);
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    return { ok: false, error: `body: ${items.length} events in one message, at most ${MAX_EVENTS_PER_REQUEST}` };
  }
  const events: EventInput[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = EventInput.safeParse(item);
    if (!parsed.success) {
      const problem = describeZodError(parsed.error);
      if (single) return { ok: false, error: problem };
      return { ok: false, error: problem.startsWith('body:') ? `[${index}]${problem.slice(4)}` : `[${index}].${problem}` };
    }
    events.push(parsed.data);
  }
  return { ok: true, events };
}
