package dev.postject.service.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the capture server tells whose email a message is: by the one Message-ID Postject wrote. */
class DeliveryOwnersTest {

    private static Optional<String> emailIdOf(String message) {
        return DeliveryOwners.emailIdOf(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void theEmailIdComesFromTheMessageIdHeader_foldedOrNot_inAnyCase() {
        assertThat(emailIdOf("From: a@x.test\r\nMessage-ID: <msg_Abc123@x.test>\r\nSubject: s\r\n\r\nbody"))
                .contains("msg_Abc123");
        assertThat(emailIdOf("message-id:\r\n <msg_Abc123@x.test>\r\n\r\nbody")).contains("msg_Abc123");
        assertThat(emailIdOf("Subject: s\nMESSAGE-ID: <msg_Abc123@x.test>\n\nbody"))
                .contains("msg_Abc123");
    }

    @Test
    void aMessageWithoutExactlyOnePostjectMessageId_belongsToNoOne() {
        assertThat(emailIdOf("Subject: s\r\n\r\nMessage-ID: <msg_InTheBody@x.test>\r\n"))
                .isEmpty();
        assertThat(emailIdOf("\r\nMessage-ID: <msg_NoHeaders@x.test>\r\n")).isEmpty();
        assertThat(emailIdOf("Message-ID: <msg_A@x.test>\r\nMessage-ID: <msg_B@x.test>\r\n\r\nbody"))
                .isEmpty();
        assertThat(emailIdOf("Message-ID: <someone-else@x.test>\r\n\r\nbody")).isEmpty();
        assertThat(emailIdOf("Message-ID: <msg_A@x.test> <msg_B@x.test>\r\n\r\nbody"))
                .isEmpty();
        assertThat(emailIdOf("X-Message-ID: <msg_A@x.test>\r\n\r\nbody")).isEmpty();
    }
}
