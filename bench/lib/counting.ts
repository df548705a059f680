/**
 * Counts the statements a Kysely instance sends (each one round trip to the database;
 * BEGIN and COMMIT are not counted): the first measure of "few round trips". With
 * `byCaller`, each statement is also counted under the use-case functions that sent it
 * (from the stack: slow, for profiling runs only).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

export interface StatementCounter {
  statements: number;
  byCaller?: Map<string, number>;
}

/** The innermost few frames in src/ that led to a statement: "dispatchProcedure < runOutboxOnce". */
function callerOf(stack: string): string {
  const frames = stack
    .split("\n")
    .slice(1)
    .filter((line) => line.includes("/src/") && !line.includes("/node_modules/"))
    .map((line) => {
      const match = /at (?:async )?([^\s(]+) \(.*\/src\/([^:]+):(\d+)/.exec(line);
      return match ? `${match[1]} (${match[2]}:${match[3]})` : null;
    })
    .filter((frame): frame is string => frame !== null);
  return frames.slice(0, 3).join(" < ") || "(outside src)";
}

export function countingPlugin(counter: StatementCounter): KyselyPlugin {
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      return args.node;
    },
    // Counted when a result comes back: a builder embedded in a raw statement is compiled but not sent.
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      counter.statements++;
      if (counter.byCaller) {
        const key = callerOf(new Error().stack ?? "");
        counter.byCaller.set(key, (counter.byCaller.get(key) ?? 0) + 1);
      }
      return args.result;
    },
  };
}
