// Drives the official Resend Node SDK against Postject, as a Resend user would, changing only the base URL.
// Usage: node resend-send.mjs <base URL> <API key> <email|batch> '<JSON email(s)>' ['<JSON request options>']
// Prints one line of JSON: the SDK's own answer, {"data":...,"error":...}.
import { Resend } from "resend";

const [baseUrl, key, action, payload, options] = process.argv.slice(2);
const resend = new Resend(key, { baseUrl });
const emails = JSON.parse(payload);
const requestOptions = options ? JSON.parse(options) : undefined;
const { data, error } =
  action === "batch"
    ? await resend.batch.send(emails, requestOptions)
    : await resend.emails.send(emails, requestOptions);
console.log(JSON.stringify({ data, error }));
