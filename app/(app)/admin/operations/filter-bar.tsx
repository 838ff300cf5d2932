'use client';
import { useState } from 'react';
import { useFormatter } from 'next-intl';
import { Input, Select } from 'antd';

/** A choice among the values a list has, each labelled with how many rows have it; cleared for all. */
export function FacetSelect(props: {
  placeholder: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  options: { value: string; label: string }[] | undefined;
  loading: boolean;
  width: number;
  testId: string;
}) {
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={props.placeholder}
      value={props.value}
      onChange={(v?: string) => props.onChange(v)}
      options={props.options}
      loading={props.loading}
      popupMatchSelectWidth={false}
      style={{ width: props.width }}
      data-testid={props.testId}
    />
  );
}

/** A text searched for when the operator presses Enter or the search button (cleared: no search). */
export function SearchBox({ placeholder, value, onSearch, testId }: { placeholder: string; value: string | undefined; onSearch: (s: string | undefined) => void; testId: string }) {
  const [text, setText] = useState(value ?? '');
  return (
    <Input.Search
      allowClear
      placeholder={placeholder}
      value={text}
      maxLength={200}
      onChange={(e) => setText(e.target.value)}
      onSearch={(s) => onSearch(s.trim() || undefined)}
      style={{ width: 300 }}
      data-testid={testId}
    />
  );
}

/** A filter's parts in words, joined as the language joins a list ("type x, source y and search “z”"); empty when none. */
export function useFilterWords() {
  const format = useFormatter();
  return (parts: (string | false | undefined)[]) => {
    const words = parts.filter((p): p is string => Boolean(p));
    return words.length ? format.list(words, { type: 'conjunction' }) : '';
  };
}
