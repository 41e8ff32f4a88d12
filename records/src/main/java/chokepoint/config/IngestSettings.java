package chokepoint.config;

import java.time.Duration;
import java.util.List;

/**
 * @param userAgent        sent with every fetch, so that site operators know who polls them
 * @param connectTimeout   TCP connect timeout
 * @param fetchDeadline    wall-clock limit for one whole fetch, body included
 * @param maxBodyBytes     larger bodies are refused
 * @param maxRedirects     longer redirect chains are refused
 * @param allowedPrivate   host:port pairs on loopback or private networks that may be fetched anyway
 *                         (the demo source, tests); everything else private is refused
 * @param politenessDelay  least time between two requests to one host
 */
public record IngestSettings(String userAgent, Duration connectTimeout, Duration fetchDeadline, long maxBodyBytes,
                             int maxRedirects, List<String> allowedPrivate, Duration politenessDelay) {

    public IngestSettings {
        allowedPrivate = allowedPrivate == null ? List.of() : List.copyOf(allowedPrivate);
        politenessDelay = politenessDelay == null ? Duration.ZERO : politenessDelay;
    }

    public IngestSettings withAllowedPrivate(List<String> allowed) {
        return new IngestSettings(userAgent, connectTimeout, fetchDeadline, maxBodyBytes, maxRedirects, allowed, politenessDelay);
    }
}
