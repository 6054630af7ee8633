/**
 * Calls made in one turn of the event loop, run as one. When hundreds of sockets open at once (a
 * meeting starting, a venue's Wi-Fi coming back), each reading its session, the person's
 * memberships and its assembly's last event, a statement per turn instead of one per socket:
 * fewer round trips queued behind the pool, and far fewer objects built (a query's own objects
 * outweighed its rows).
 *
 * The batch starts in `setImmediate`, after the turn's I/O callbacks have asked; a call made
 * once it started waits for the next one, so what a batch reads is never older than its call.
 * `runAll` answers each input at its position; when it fails, every call of its batch fails.
 */
export function batchPerTurn<Input, Output>(
  runAll: (inputs: Input[]) => Promise<Output[]>,
): (input: Input) => Promise<Output> {
  type Call = { input: Input; resolve(output: Output): void; reject(error: unknown): void };
  let gathering: Call[] | null = null;

  async function run(calls: Call[]) {
    try {
      const outputs = await runAll(calls.map((call) => call.input));
      calls.forEach((call, index) => call.resolve(outputs[index]!));
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
  }

  return (input) =>
    new Promise<Output>((resolve, reject) => {
      if (!gathering) {
        const calls: Call[] = (gathering = []);
        setImmediate(() => {
          gathering = null;
          void run(calls);
        });
      }
      gathering.push({ input, resolve, reject });
    });
}
