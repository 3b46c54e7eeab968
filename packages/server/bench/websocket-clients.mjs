// Device clients for the WebSocket ingest benchmark, run in a worker thread.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, token, unitIds, places, connections, seconds } = workerData;
const FIXES_PER_FRAME = 100;
const IN_FLIGHT = 2;
let accepted = 0;
let rejected = 0;
let cursor = 0;
const deadline = Date.now() + seconds * 1000;

function frame() {
  const fixes = [];
  const now = Date.now();
  for (let k = 0; k < FIXES_PER_FRAME; k++) {
    const i = cursor++ % unitIds.length;
    const [lon, lat] = places[i];
    fixes.push({ unitId: unitIds[i], lon: lon + (k % 10) * 1e-5, lat, at: now, accuracyM: 8 });
  }
  return JSON.stringify({ type: 'positions', fixes });
}

const started = Date.now();
await Promise.all(
  Array.from(
    { length: connections },
    () =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
        socket.on('error', reject);
        socket.on('open', () => {
          for (let k = 0; k < IN_FLIGHT; k++) socket.send(frame());
        });
        socket.on('message', (data) => {
          const message = JSON.parse(data.toString());
          if (message.type !== 'ack') return;
          accepted += message.accepted;
          rejected += message.rejected.length;
          if (Date.now() < deadline) socket.send(frame());
          else {
            socket.close();
            resolve();
          }
        });
      }),
  ),
);
parentPort.postMessage({ accepted, rejected, seconds: (Date.now() - started) / 1000 });
