package dev.postject.service.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the capture server finds the stored emails a message may be: by its one Message-ID, which,
 * since SMTP submissions keep their client's own, may be anyone's (the stored bytes then decide:
 * {@code SmtpSubmissionDeliveryTest}).
 */
class DeliveryOwnersTest {

    private static Optional<String> messageIdOf(String message) {
        return DeliveryOwners.messageIdOf(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theMessageIdComesFromTheMessageIdHeader_foldedOrNot_inAnyCase() {
        assertThat(messageIdOf("From: a@x.test\r\nMessage-ID: <msg_Abc123@x.test>\r\nSubject: s\r\n\r\nbody"))
                .contains("<msg_Abc123@x.test>");
        assertThat(messageIdOf("message-id:\r\n <msg_Abc123@x.test>\r\n\r\nbody"))
                .contains("<msg_Abc123@x.test>");
        assertThat(messageIdOf("Subject: s\nMESSAGE-ID: <msg_Abc123@x.test>\n\nbody"))
                .contains("<msg_Abc123@x.test>");
        assertThat(messageIdOf("Message-ID: <someone-else@x.test>\r\n\r\nbody")).contains("<someone-else@x.test>");
    }

    @Test
    void aMessageWithoutExactlyOneMessageId_belongsToNoOne() {
        assertThat(messageIdOf("Subject: s\r\n\r\nMessage-ID: <msg_InTheBody@x.test>\r\n"))
                .isEmpty();
        assertThat(messageIdOf("\r\nMessage-ID: <msg_NoHeaders@x.test>\r\n")).isEmpty();
        assertThat(messageIdOf("Message-ID: <msg_A@x.test>\r\nMessage-ID: <msg_B@x.test>\r\n\r\nbody"))
                .isEmpty();
        assertThat(messageIdOf("Message-ID: <msg_A@x.test> <msg_B@x.test>\r\n\r\nbody"))
                .isEmpty();
        assertThat(messageIdOf("X-Message-ID: <msg_A@x.test>\r\n\r\nbody")).isEmpty();
    }
}
