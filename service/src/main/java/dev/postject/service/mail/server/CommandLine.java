package dev.postject.service.mail.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One command line split into its verb (upper case) and argument; only valid UTF-8 without control characters. */
record CommandLine(String verb, String argument) {

    static CommandLine parse(byte[] bytes) throws SmtpRefusal {
        String line;
        try {
            line = utf8(bytes);
        } catch (CharacterCodingException e) {
            throw new SmtpRefusal(500, "5.5.2", "Command is not valid UTF-8", true);
        }
        if (line.chars().anyMatch(c -> c != '\t' && Character.isISOControl(c))) {
            throw new SmtpRefusal(500, "5.5.2", "Control characters in command", true);
        }
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        return new CommandLine(verb, space < 0 ? "" : line.substring(space + 1));
    }

    /** Strict UTF-8: malformed input is an error, never replaced. */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
