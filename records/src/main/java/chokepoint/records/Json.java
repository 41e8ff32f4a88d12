package chokepoint.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping used for records on topics, in the API and on the command line. */
public final class Json {

    /**
     * Unknown fields are ignored so that an older reader can consume records written by a newer writer
     * during a rolling upgrade; times are ISO-8601 strings so that records stay readable with kcat.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * For state stores that no person reads: binary JSON (Smile) with times as numbers, about three times quicker to
     * read than {@link #MAPPER}'s text with ISO times (parsing the times was the largest part of reading a window).
     * Unknown fields are ignored as above, so a store written by a newer version stays readable.
     */
    public static final ObjectMapper STATE_MAPPER = new ObjectMapper(new com.fasterxml.jackson.dataformat.smile.SmileFactory())
            .registerModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    /**
     * Where in a document a value did not fit, as a person names it ({@code channels[0].type}), so that a message
     * points at the field to fix; {@code whole} when it is the document itself.
     */
    public static String path(MismatchedInputException e, String whole) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? whole : out.toString();
    }
}
