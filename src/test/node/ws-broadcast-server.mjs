// The raw broadcast peer wskit's rooms are compared with in docs/benchmarks.md: every message any client sends is
// sent to every connected client, the sender included, unchanged (type preserved, no protocol, no compression),
// with node `ws` as one would write it. Binds 127.0.0.1 and the port given (0 = any), prints
// "ws-broadcast listening on PORT pid PID", and runs until killed. `wskit-cli bench -m broadcast` drives it.
import { WebSocketServer, WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 16 * 1024 * 1024, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const member of wss.clients) {
      if (member.readyState === WebSocket.OPEN) member.send(data, { binary: isBinary });
    }
  });
  ws.on('error', () => ws.terminate());
});
wss.on('listening', () => console.log(`ws-broadcast listening on ${wss.address().port} pid ${process.pid}`));
