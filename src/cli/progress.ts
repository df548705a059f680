/**
 * Progress of a long command on stderr (stdout keeps the result): on a terminal one line
 * rewritten in place; elsewhere (a log file, cron, CI) a line at most every few seconds,
 * and the last state when it is done.
 */
export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const everyMs = stream.isTTY ? 200 : 5_000;
  let lastShown = Number.NEGATIVE_INFINITY;
  let latest: string | null = null;
  let latestShown = false;
  const show = (text: string) => {
    if (stream.isTTY) stream.write(`\r\u001b[2K${label}: ${text}`);
    else stream.write(`${label}: ${text}\n`);
    latestShown = true;
  };
  return {
    update(text) {
      latest = text;
      latestShown = false;
      const now = performance.now();
      if (now - lastShown < everyMs) return;
      lastShown = now;
      show(text);
    },
    done() {
      if (latest !== null && !latestShown) show(latest);
      if (stream.isTTY && latest !== null) stream.write("\n");
    },
  };
}

/** 1234567 → "1,234,567". */
export function count(value: number): string {
  return value.toLocaleString("en-US");
}

/** Bytes as MB with one decimal. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
