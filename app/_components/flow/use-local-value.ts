'use client';
import { useState } from 'react';

/** How many of its own changes a field remembers while waiting to see them come back. */
const IN_FLIGHT_LIMIT = 200;

/**
 * The value of a field in the designer's side panel (a text, a number), owned by the field while
 * it is typed.
 *
 * The panel is drawn from the graph a moment behind the canvas (useDeferredValue), and on a slow
 * computer that moment is longer than the gap between two keys. A field controlled by that
 * value was set back to the older value after each key, and the next key was added to it: typed
 * `>= 60.0`, saved `>= 6.0`; typed 1250, saved 125. Here the field shows what was typed, at once;
 * each change still goes to the graph straight away (saving, undo and Ctrl+S see it), and the
 * graph's value is taken over only when it is not one of this field's own changes coming back
 * late, i.e. when it was changed elsewhere (undo, a wording template, another tab's version).
 */
export function useLocalValue<T>(value: T, commit: (next: T) => void): [T, (next: T) => void] {
  const [local, setLocal] = useState(value);
  const [seen, setSeen] = useState(value);
  const [inFlight, setInFlight] = useState<T[]>([]);
  if (!Object.is(value, seen)) {
    setSeen(value);
    const echo = inFlight.findLastIndex((sent) => Object.is(sent, value));
    if (echo >= 0) {
      setInFlight(inFlight.slice(echo + 1));
    } else {
      setInFlight([]);
      setLocal(value);
    }
  }
  const change = (next: T) => {
    setLocal(next);
    if (!Object.is(next, value)) setInFlight((sent) => [...sent.slice(1 - IN_FLIGHT_LIMIT), next]);
    commit(next);
  };
  return [local, change];
}
