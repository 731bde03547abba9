// The image's health check (Docker HEALTHCHECK, Compose healthcheck): exits 0 when the service in
// this container answers 2xx on the given path, 1 otherwise. Node, because the slim image has no
// curl or wget.
//
//   node deploy/healthcheck.mjs /health/ready
const path = process.argv[2] ?? '/health/live';
const port = process.env.PORT || '8080';
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(2500),
  });
  process.exitCode = response.ok ? 0 : 1;
} catch {
  process.exitCode = 1;
}
