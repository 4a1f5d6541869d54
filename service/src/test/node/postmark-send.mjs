// Drives the official Postmark Node client against Postject, as a Postmark user would, changing only the host.
// Usage: node postmark-send.mjs <host:port> <server token> <email|batch> '<JSON message(s)>'
// Prints one line of JSON: {"ok":true,"result":...} or {"ok":false,"error":{name,code,statusCode,message}}.
import postmark from "postmark";

const [host, token, action, payload] = process.argv.slice(2);
const client = new postmark.ServerClient(token, { requestHost: host, useHttps: false, timeout: 30 });
try {
  const message = JSON.parse(payload);
  const result = action === "batch" ? await client.sendEmailBatch(message) : await client.sendEmail(message);
  console.log(JSON.stringify({ ok: true, result }));
} catch (e) {
  console.log(
    JSON.stringify({ ok: false, error: { name: e.name, code: e.code, statusCode: e.statusCode, message: e.message } }),
  );
}
