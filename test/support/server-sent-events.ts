// Upstream side of server-sent-event tests: an event-stream answer, and an endless stream that says
// when its connection closed (the consumer stopped, or the caller aborted).
import type { ServerResponse } from 'node:http';

/** Status 200 and the event-stream headers, sent at once (before the first event). */
export function openEventStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

/** Writes `event(n)` (n = 1, 2, …) every few milliseconds until the connection closes, then calls `closed`. */
export function endlessEvents(res: ServerResponse, event: (n: number) => string, closed: () => void): void {
  openEventStream(res);
  let n = 0;
  const timer = setInterval(() => res.write(event(++n)), 5);
  res.on('close', () => {
    clearInterval(timer);
    closed();
  });
}
