package chokepoint.outbound;

import java.net.URI;

/**
 * What a fetch brought back.
 *
 * @param status       200, or 304 when the source has not changed since the validators were taken
 * @param body         the body (empty on 304)
 * @param contentType  the Content-Type header, for the charset
 * @param etag         validator to send next time
 * @param lastModified validator to send next time
 * @param finalUri     where the body came from after redirects
 */
public record FetchResult(int status, byte[] body, String contentType, String etag, String lastModified, URI finalUri) {

    public boolean notModified() {
        return status == 304;
    }
}
