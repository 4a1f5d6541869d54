package dev.postject.service.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.service.mail.reports.DsnAction;
import dev.postject.service.mail.reports.DsnRecipient;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsnEntriesTest {
    private static DsnRecipient entry(String finalRecipient, String original, DsnAction action) {
        return new DsnRecipient(finalRecipient, original, action, null, null, null, null);
    }

    @Test
    void theEntryNamingOurRecipient_isChosen_whateverItsCase() {
        DsnRecipient ours = entry("Ann@Example.com", null, DsnAction.FAILED);
        List<DsnRecipient> entries = List.of(entry("bob@example.com", null, DsnAction.DELIVERED), ours);

        assertThat(DsnEntries.about("ann@example.com", entries)).containsSame(ours);
    }

    @Test
    void anEntryWhoseOriginalRecipientIsOurs_isChosen() {
        DsnRecipient forwarded = entry("ann@elsewhere.example", "ann@example.com", DsnAction.FAILED);
        List<DsnRecipient> entries = List.of(entry("bob@example.com", null, DsnAction.DELIVERED), forwarded);

        assertThat(DsnEntries.about("ANN@example.com", entries)).containsSame(forwarded);
    }

    @Test
    void aSingleEntryForAnotherAddress_isAForwardedAddress_andAboutOurRecipient() {
        DsnRecipient forwarded = entry("ann.new@forwarded.example", null, DsnAction.FAILED);

        assertThat(DsnEntries.about("ann@example.com", List.of(forwarded))).containsSame(forwarded);
    }

    @Test
    void severalEntriesNoneOurs_anExpandedList_sayNothingAboutOurRecipient() {
        List<DsnRecipient> members = List.of(
                entry("one@list.example", null, DsnAction.FAILED),
                entry("two@list.example", null, DsnAction.DELIVERED));

        assertThat(DsnEntries.about("team@example.com", members)).isEmpty();
        assertThat(DsnEntries.about("team@example.com", List.of())).isEmpty();
    }
}
