// One intake message (NATS today, any queue tomorrow) -> the events it carries and the ones it
// refuses, each refusal naming the field. The rules match POST /api/v1/events: an array is
// judged event by event, so one bad event neither sinks nor blocks its neighbours; a body that
// is not JSON at all is refused as a whole.
import { t, type LocalizedText } from '../../workflows';
import { eventIdOf } from '../runtime/event-intake';
import { EventInput, MAX_EVENTS_PER_REQUEST, zodProblem } from '../runtime/event-input';

export interface RefusedEvent {
  /** Position in the message's array, or null for the message as a whole / a single event. */
  index: number | null;
  eventId: string | null;
  /** What was received: the item, or the raw text when the body was not JSON. */
  payload: unknown;
  /** Why, in English. */
  error: string;
  /** Why, in both languages (what the operator reads). */
  problem: LocalizedText;
}

export interface ParsedMessage {
  events: EventInput[];
  refused: RefusedEvent[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export function parseIntakeMessage(data: Uint8Array): ParsedMessage {
  const whole = (payload: unknown, problem: LocalizedText): ParsedMessage => ({ events: [], refused: [{ index: null, eventId: null, payload, error: problem.en, problem }] });
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return whole(lenient.decode(data), t('body: not UTF-8 text', 'body：不是 UTF-8 文本'));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return whole(text, t(`body: not JSON (${(err as Error).message})`, `body：不是 JSON（${(err as Error).message}）`));
  }
  const single = !Array.isArray(json);
  const items: unknown[] = single ? [json] : (json as unknown[]);
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    return whole(json, t(`body: ${items.length} events in one message, at most ${MAX_EVENTS_PER_REQUEST}`, `body：一条消息含 ${items.length} 个事件，最多 ${MAX_EVENTS_PER_REQUEST} 个`));
  }
  const result: ParsedMessage = { events: [], refused: [] };
  items.forEach((item, index) => {
    const parsed = EventInput.safeParse(item);
    if (parsed.success) result.events.push(parsed.data);
    else {
      const problem = zodProblem(parsed.error, item);
      result.refused.push({ index: single ? null : index, eventId: eventIdOf(item)?.slice(0, 200) ?? null, payload: item ?? 'null', error: problem.en, problem });
    }
  });
  return result;
}
