package chokepoint.outbound;

import java.time.Duration;
import java.util.List;

/**
 * How one {@link GuardedHttpClient} reaches out.
 *
 * @param userAgent       sent with every request, so that site operators know who calls them
 * @param connectTimeout  TCP connect timeout
 * @param deadline        wall-clock limit for one whole exchange: connection, headers, redirects and body
 * @param maxBodyBytes    larger bodies are refused (a request may set its own cap)
 * @param maxRedirects    longer redirect chains are refused
 * @param allowedPrivate  host:port pairs on loopback or private networks that may be reached anyway (the demo,
 *                        tests, an operator's internal receiver); everything else internal is refused
 * @param politenessDelay least time between two requests to one host
 */
public record OutboundSettings(String userAgent, Duration connectTimeout, Duration deadline, long maxBodyBytes,
                               int maxRedirects, List<String> allowedPrivate, Duration politenessDelay) {

    public OutboundSettings {
        allowedPrivate = allowedPrivate == null ? List.of() : List.copyOf(allowedPrivate);
        politenessDelay = politenessDelay == null ? Duration.ZERO : politenessDelay;
    }
}
