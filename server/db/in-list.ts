// A column matched against a list of values passed as ONE JSON parameter (one bound value however
// long the list). Written `= any(array(select ...))`, the planner sees an array it computes once and
// looks each value up through the column's index; `in (select json_array_elements_text(...))` was
// planned as a semi-join on a guessed 100 rows and chose sequential scans of whole tables (journeys,
// subscriptions, the contact ledger, events) on every event batch.
import { sql, type SQL } from 'drizzle-orm';

export function inJsonList(column: SQL, values: Iterable<string>, cast: 'text' | 'uuid' | 'bigint' = 'text'): SQL {
  const list = JSON.stringify([...values]);
  return sql`${column} = any(array(select json_array_elements_text(${list}::json)::${sql.raw(cast)}))`;
}
