/**
 * Runs `run(key)` at most once per interval per key: at once when the key has been quiet, else
 * once at the end of the interval for every call made meanwhile. The leading run keeps a lone
 * change fast (no fixed delay); the trailing run makes sure the last change is never dropped.
 */
export function createKeyedThrottle(intervalMs: number, run: (key: string) => void) {
  const cooling = new Map<string, { timer: NodeJS.Timeout; again: boolean }>();

  function fire(key: string) {
    run(key);
    const state = {
      again: false,
      timer: setTimeout(() => {
        cooling.delete(key);
        if (state.again) fire(key);
      }, intervalMs),
    };
    cooling.set(key, state);
  }

  return {
    call(key: string) {
      const state = cooling.get(key);
      if (state) state.again = true;
      else fire(key);
    },
    stop() {
      for (const state of cooling.values()) clearTimeout(state.timer);
      cooling.clear();
    },
  };
}
