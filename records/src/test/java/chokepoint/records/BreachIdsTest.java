package chokepoint.records;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreachIdsTest {

    private static final Instant AT = Instant.ofEpochMilli(1796440481000L);

    @Test
    void idsNeedNoEscapingInALink() {
        String id = BreachIds.of("escalation", "CN->EU", AT);
        assertEquals("escalation~CN-to-EU~1796440481000", id);
        assertEquals("/breach.html?id=" + id, URI.create("/breach.html?id=" + id).toString(), "a valid URI as it is");
        assertTrue(id.matches("[A-Za-z0-9._~-]+"), "unreserved characters only (RFC 3986)");
        assertEquals("pressure-on-europe~CN~1796440481000", BreachIds.of("pressure-on-europe", "CN", AT));
    }

    @Test
    void idsWrittenBeforeAreStillRead() {
        String old = "pressure-on-europe|CN|1796440481000";
        assertEquals("pressure-on-europe~CN~1796440481000", BreachIds.normalise(old));
        assertTrue(BreachIds.same(old, BreachIds.of("pressure-on-europe", "CN", AT)));
        assertTrue(BreachIds.same("escalation|CN->EU|1796440481000", "escalation~CN-to-EU~1796440481000"));
        assertEquals("source-health", BreachIds.ruleOf("source-health|broken|12"));
        assertEquals("source-health", BreachIds.ruleOf("source-health~broken~12"));
    }
}
