package chokepoint.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * Limits of dossiers, which read a range of the indicators topic at each request.
 *
 * @param maxRange   the longest range one dossier may cover
 * @param maxRunning dossiers read at once on one alerts instance; beyond, 429 with Retry-After
 * @param open       {@code public: true} lets anyone read dossiers without a token (the demo, a desk's own
 *                   machine); by default a dossier needs a bearer token, as the rest of the management API
 */
public record DossierSettings(Duration maxRange, int maxRunning, @JsonProperty("public") boolean open) {

    public static final DossierSettings DEFAULTS = new DossierSettings(Duration.ofDays(800), 2, false);

    public DossierSettings withOpen(boolean newOpen) {
        return new DossierSettings(maxRange, maxRunning, newOpen);
    }
}
