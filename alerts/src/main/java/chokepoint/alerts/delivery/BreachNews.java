package chokepoint.alerts.delivery;

import chokepoint.records.Breach;
import chokepoint.records.Notification;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A breach as one message tells it to one recipient: the phase (the firing, an update, the resolution), what is new
 * since the last message to that recipient, and links to the breach itself and its dossier, so that no message needs
 * a raw id.
 *
 * @param fresh   the indicators the last message did not hold (all of them for a first message)
 * @param toldAt  when the last message went, null for a first one
 */
public record BreachNews(Breach breach, Phase phase, List<Breach.IndicatorRef> fresh, Instant toldAt, String breachUrl,
                         String dossierUrl) {

    /** What a message says of a breach, in its subject and headline. */
    public enum Phase { FIRING, UPDATE, RESOLVED }

    public static List<BreachNews> of(List<Breach> breaches, String recipientKey, PreviouslyTold told, String pageUrl) {
        return breaches.stream().map(b -> of(b, told.last(b.id(), recipientKey), pageUrl)).toList();
    }

    static BreachNews of(Breach breach, Optional<Notification> last, String pageUrl) {
        Phase phase = breach.state() == Breach.State.RESOLVED ? Phase.RESOLVED : last.isPresent() ? Phase.UPDATE : Phase.FIRING;
        List<Breach.IndicatorRef> fresh = breach.indicators();
        if (last.isPresent()) {
            Notification told = last.get();
            if (!told.indicators().isEmpty()) {
                Set<String> seen = new HashSet<>(told.indicators());
                fresh = breach.indicators().stream().filter(r -> !seen.contains(r.id())).toList();
            } else if (told.count() != null) {
                // Written before the log kept ids: the newest beyond the count told.
                int more = Math.max(0, breach.count() - told.count());
                fresh = breach.indicators().subList(Math.max(0, breach.indicators().size() - more), breach.indicators().size());
            }
        }
        String base = pageUrl.replaceAll("/+$", "");
        String id = chokepoint.records.BreachIds.inLink(breach.id());
        return new BreachNews(breach, phase, fresh, last.map(Notification::deliveredAt).orElse(null),
                base + "/breach.html?id=" + id, base + "/api/dossiers?breach=" + id + "&format=html");
    }

    /** "FIRING", "UPDATE (2 new)", "RESOLVED". */
    public String label() {
        return phase == Phase.UPDATE ? "UPDATE (" + fresh.size() + " new)" : phase.name();
    }

    /** Whether an indicator is new since the last message (always, in a first message). */
    public boolean isFresh(Breach.IndicatorRef ref) {
        return phase != Phase.FIRING && fresh.stream().anyMatch(f -> f.id().equals(ref.id()));
    }
}
