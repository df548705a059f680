/**
 * /healthz and /readyz for a role without the HTTP API (the worker), on HEALTH_PORT, so
 * an orchestrator can probe it as it probes the API (same answers: src/http/routes/health.ts).
 * Nothing else is served here.
 */
import { createServer } from "node:http";
import { errorBody } from "../http/error-map.ts";

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export async function startHealthServer(options: { port: number; host: string; readiness: () => Promise<boolean> }): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET") return send(405, { status: "method not allowed" });
    if (req.url === "/healthz") return send(200, { status: "alive" });
    if (req.url === "/readyz") {
      void options.readiness().catch(() => false).then((ready) => {
        if (ready) return send(200, { status: "ready" });
        const { status, body } = errorBody("NOT_READY");
        send(status, body);
      });
      return;
    }
    send(404, { status: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  return {
    url: `http://${options.host === "0.0.0.0" ? "localhost" : options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
