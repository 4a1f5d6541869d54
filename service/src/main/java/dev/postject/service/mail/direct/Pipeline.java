package dev.postject.service.mail.direct;

import dev.postject.service.mail.SmtpReply;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions sent as RFC 2920 allows when the server offers PIPELINING. A transaction's MAIL
 * FROM, RCPT TOs and DATA go in one write; after DATA's 354, its content and final dot go in the
 * next write together with the next transaction's MAIL FROM, RCPT TOs and DATA (content may open a
 * group, DATA must end one). So a message costs one round trip where it cost three and one per
 * recipient. A transaction whose DATA is refused sends no content. An RSET opens each group after
 * the first, and ends the exchange when its last transaction was refused: the verdict on a
 * transaction is not known when the next group is written, and some servers still hold a refused
 * transaction's MAIL FROM (answering the next one 503). Each recipient's verdict is the reply that decided it, as in {@link
 * MxSession#send(String, List, byte[])}.
 */
final class Pipeline {
    private final MxSession session;
    private final ReplyReader in;
    private final OutputStream out;
    private final Duration dataLimit;

    /** The transaction whose final dot is sent and whose reply is not yet read, and its accepted recipients. */
    private Map<String, SmtpReply> unansweredOutcome;

    private List<String> unanswered;

    private Pipeline(MxSession session) {
        this.session = session;
        this.in = session.replies();
        this.out = session.output();
        this.dataLimit = Duration.ofMillis(2L * session.commandTimeoutMillis()); // RFC 5321 4.5.3.2.6
    }

    static List<Map<String, SmtpReply>> send(MxSession session, List<Envelope> envelopes) {
        List<Map<String, SmtpReply>> outcomes = new ArrayList<>(envelopes.size());
        List<List<String>> asked = new ArrayList<>(envelopes.size());
        for (Envelope envelope : envelopes) {
            Map<String, SmtpReply> outcome = new LinkedHashMap<>();
            asked.add(session.askable(envelope.from(), envelope.recipients(), outcome));
            outcomes.add(outcome);
        }
        String failure = "No SMTP answer: the session is closed";
        if (session.isOpen()) {
            try {
                new Pipeline(session).run(envelopes, outcomes, asked);
                failure = null;
            } catch (IOException e) {
                session.failed(e);
                failure = "No SMTP answer: " + e.getMessage();
            }
        }
        List<Map<String, SmtpReply>> inOrder = new ArrayList<>(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            Map<String, SmtpReply> outcome = outcomes.get(i);
            if (failure != null) {
                SmtpReply none = new SmtpReply(0, failure);
                asked.get(i).forEach(r -> outcome.putIfAbsent(r, none));
            }
            inOrder.add(MxSession.ordered(envelopes.get(i).recipients(), outcome));
        }
        return inOrder;
    }

    private void run(List<Envelope> envelopes, List<Map<String, SmtpReply>> outcomes, List<List<String>> asked)
            throws IOException {
        session.socket().setSoTimeout((int) dataLimit.toMillis()); // a group's first reply may be a final dot's
        boolean begun = false; // a transaction of this exchange went before: RSET opens the next one
        for (int i = 0; i < envelopes.size(); i++) {
            List<String> recipients = asked.get(i);
            if (recipients.isEmpty()) {
                continue;
            }
            Envelope envelope = envelopes.get(i);
            Map<String, SmtpReply> outcome = outcomes.get(i);
            boolean utf8 =
                    !MxSession.ascii(envelope.from()) || recipients.stream().anyMatch(r -> !MxSession.ascii(r));
            if (begun) {
                session.write("RSET");
            }
            session.write(session.mailFrom(envelope.from(), envelope.mime(), utf8));
            for (String recipient : recipients) {
                session.write("RCPT TO:<" + recipient + ">");
            }
            session.write("DATA");
            out.flush();
            settleUnanswered();
            if (begun) {
                in.read();
            }
            begun = true;
            Reply mail = in.read();
            if (!mail.positive()) {
                recipients.forEach(r -> outcome.put(r, mail.verdict()));
            }
            List<String> accepted = new ArrayList<>();
            for (String recipient : recipients) {
                Reply rcpt = in.read();
                if (mail.positive() && rcpt.positive()) {
                    accepted.add(recipient);
                } else if (mail.positive()) {
                    outcome.put(recipient, rcpt.verdict());
                }
            }
            Reply data = in.read();
            if (data.code() == 354) {
                // no recipient accepted but DATA was: an empty message, which the server refuses (RFC 2920 3.1)
                DataContent.write(out, accepted.isEmpty() ? new byte[0] : envelope.mime());
                unanswered = accepted;
                unansweredOutcome = outcome;
            } else {
                accepted.forEach(r -> outcome.put(r, data.verdict()));
            }
        }
        out.flush();
        if (begun) {
            Reply last = settleUnanswered();
            if (last == null || !last.positive()) {
                session.command("RSET"); // the next transaction on this session starts clean
            }
        }
        session.socket().setSoTimeout(session.commandTimeoutMillis());
    }

    /**
     * Reads the reply to the last final dot sent: the verdict on that transaction's accepted
     * recipients; null when no content waits for one.
     */
    private Reply settleUnanswered() throws IOException {
        if (unanswered == null) {
            return null;
        }
        Reply done = in.read(dataLimit);
        unanswered.forEach(r -> unansweredOutcome.put(r, done.verdict()));
        unanswered = null;
        unansweredOutcome = null;
        return done;
    }
}
