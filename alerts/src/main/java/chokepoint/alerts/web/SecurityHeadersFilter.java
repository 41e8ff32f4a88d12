package chokepoint.alerts.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers that keep hostile text from outside sources inert in the browser: scripts and styles only from this
 * server, no inline script, no framing, no MIME sniffing.
 */
@ServerFilter("/**")
public class SecurityHeadersFilter {

    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @ResponseFilter
    public void addHeaders(MutableHttpResponse<?> response) {
        if (!response.getHeaders().contains("Content-Security-Policy")) {
            // A page that carries its own style (the dossier, printable offline) says which, by hash.
            response.header("Content-Security-Policy", CSP);
        }
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Frame-Options", "DENY");
    }
}
