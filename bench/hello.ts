/** The machine's own limit for an HTTP API: a hello-world fastify, in its own process, under the same load as ours. */
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
const url = await app.listen({ port: 0, host: "127.0.0.1" });
process.send!({ ready: true, url });
process.on("message", () => void app.close().then(() => process.exit(0)));
