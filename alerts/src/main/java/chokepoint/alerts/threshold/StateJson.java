package chokepoint.alerts.threshold;

import chokepoint.records.Json;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Binary JSON for what the threshold application keeps and repartitions: {@link Json#STATE_MAPPER} without an
 * indicator reference's gist. The gist is derived from the reference's other fields, never read back (it is
 * read-only), and deriving it was a fifth of the cost of writing a reference; the breaches, which people read, still
 * carry it. Records written with it are read alike.
 */
final class StateJson {

    static final ObjectMapper MAPPER = Json.STATE_MAPPER.copy().addMixIn(chokepoint.records.Breach.IndicatorRef.class,
            WithoutGist.class);

    private StateJson() {
    }

    /** Leaves the derived gist out. */
    abstract static class WithoutGist {
        @JsonIgnore
        abstract String gist();
    }
}
