package chokepoint.outbound;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request to make through the {@link GuardedHttpClient}: GET (a feed, a page, a listing with query parameters)
 * or POST (a listing API taking form fields, a webhook taking JSON).
 *
 * @param method       GET or POST
 * @param uri          where to
 * @param headers      extra headers (Accept, Referer, a webhook's signature, validators)
 * @param body         the POST body, or null
 * @param maxBodyBytes the answer's cap for this request, or 0 for the client's
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, long maxBodyBytes) {

    public OutboundRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, Map.of(), null, 0);
    }

    /** A GET sent with the validators of the last answer, so that an unchanged source answers 304. */
    public static OutboundRequest conditionalGet(URI uri, String etag, String lastModified) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        if (lastModified != null) {
            headers.put("If-Modified-Since", lastModified);
        }
        return new OutboundRequest("GET", uri, headers, null, 0);
    }

    public static OutboundRequest postJson(URI uri, String json, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new OutboundRequest("POST", uri, all, json.getBytes(StandardCharsets.UTF_8), 0);
    }

    public static OutboundRequest postForm(URI uri, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new OutboundRequest("POST", uri, Map.of("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"),
                form.getBytes(StandardCharsets.UTF_8), 0);
    }

    public OutboundRequest withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new OutboundRequest(method, uri, all, body, maxBodyBytes);
    }

    public OutboundRequest withMaxBodyBytes(long cap) {
        return new OutboundRequest(method, uri, headers, body, cap);
    }

    public OutboundRequest withUri(URI other) {
        return new OutboundRequest(method, other, headers, body, maxBodyBytes);
    }
}
