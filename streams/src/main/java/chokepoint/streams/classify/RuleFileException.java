package chokepoint.streams.classify;

/** A rule file that cannot be loaded; the message names the file and line. */
public class RuleFileException extends RuntimeException {
    public RuleFileException(String message) {
        super(message);
    }
}
