package chokepoint.records;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JSON Lines file read a line at a time, blank lines passed over, each line with its number so that a message
 * about a line that cannot be read can name it. What a bad line costs is the caller's to decide.
 */
public final class JsonLines {

    /** One line's text and its number, counted from 1 with the blank lines. */
    @FunctionalInterface
    public interface Line {
        void accept(String text, int number) throws IOException;
    }

    private JsonLines() {
    }

    /** @throws IOException when the file cannot be read (an exception from {@code each} is passed on as it is) */
    public static void read(Path file, Line each) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    each.accept(line, number);
                }
            }
        }
    }
}
