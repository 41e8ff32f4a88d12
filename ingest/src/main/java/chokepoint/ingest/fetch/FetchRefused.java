package chokepoint.ingest.fetch;

/** A fetch that the guard or the server turned down; the message is safe to show and log. */
public class FetchRefused extends Exception {

    private final Integer status;

    public FetchRefused(String message) {
        this(message, null);
    }

    public FetchRefused(String message, Integer status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status that caused the refusal, when there was one. */
    public Integer status() {
        return status;
    }
}
