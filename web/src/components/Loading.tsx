import { DotLoading, ErrorBlock } from 'antd-mobile';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../lib/api.ts';

/** A load in progress, its failure as words, or its data. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const seq = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  // The caller names what the load depends on; a change of any of them loads again.
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the caller's dependencies
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const d = await latest.current();
      if (mine === seq.current) {
        setData(d);
        setError(undefined);
      }
    } catch (e) {
      if (mine === seq.current) setError(e instanceof ApiError ? e : new ApiError('UNKNOWN', String(e), 0));
    }
  }, [key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, setData };
}

export function Waiting({ text = '加载中' }: { text?: string }) {
  return (
    <div className="card muted" style={{ textAlign: 'center', padding: 24 }}>
      {text}
      <DotLoading />
    </div>
  );
}

export function Failed({ error }: { error: ApiError }) {
  return <ErrorBlock status="default" title={error.message} description="" />;
}

/** Polls `fn` every `ms` while `active`. */
export function usePoll(fn: () => void, ms: number, active: boolean) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => ref.current(), ms);
    return () => clearInterval(t);
  }, [ms, active]);
}
