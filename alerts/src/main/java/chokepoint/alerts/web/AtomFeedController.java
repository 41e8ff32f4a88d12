package chokepoint.alerts.web;

import chokepoint.alerts.live.LiveFeeds;
import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.records.Indicator;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/**
 * Indicators as an Atom feed (written with Rome), with the same filters as the API, so that people can follow
 * Chokepoint in the feed reader they already use: {@code /feeds/indicators.atom?actor=CN&sector=rare-earths}.
 */
@Secured(SecurityRule.IS_ANONYMOUS)
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@io.micronaut.validation.Validated
@Controller("/feeds")
public class AtomFeedController {

    private static final int MAX_ENTRIES = 200;

    private final LiveFeeds feeds;
    private final AlertsRuntime runtime;

    public AtomFeedController(LiveFeeds feeds, AlertsRuntime runtime) {
        this.feeds = feeds;
        this.runtime = runtime;
    }

    @Get("/indicators.atom")
    public HttpResponse<String> indicators(io.micronaut.http.HttpRequest<?> request, @Valid @RequestBean IndicatorQuery query,
                                           @Nullable @QueryValue("limit") Integer limitGiven) {
        // Optional, with its default (a primitive with a default was described as required by the OpenAPI).
        int limit = limitGiven == null ? 50 : limitGiven;
        List<Indicator> selected = feeds.indicators().recent().stream()
                .filter(query.filter()::test)
                .sorted(Comparator.comparing(Indicator::occurredAt).reversed())
                .limit(Math.max(1, Math.min(limit, MAX_ENTRIES))).toList();
        SyndFeed feed = new SyndFeedImpl();
        feed.setFeedType("atom_1.0");
        feed.setTitle("Chokepoint indicators");
        feed.setUri("urn:chokepoint:indicators");
        // A feed reader needs the feed's own address (rel="self"), with the filters it was asked with.
        com.rometools.rome.feed.synd.SyndLinkImpl self = new com.rometools.rome.feed.synd.SyndLinkImpl();
        self.setRel("self");
        self.setType("application/atom+xml");
        self.setHref(runtime.config().http().publicUrl().replaceAll("/+$", "") + request.getUri().toString());
        com.rometools.rome.feed.synd.SyndLinkImpl alternate = new com.rometools.rome.feed.synd.SyndLinkImpl();
        alternate.setRel("alternate");
        alternate.setType("text/html");
        alternate.setHref(runtime.config().http().publicUrl());
        feed.setLinks(List.of(self, alternate));
        feed.setAuthor("Chokepoint");
        feed.setDescription("Measures of economic coercion as Chokepoint classified them, with their evidence");
        feed.setPublishedDate(selected.isEmpty() ? new Date() : Date.from(selected.get(0).occurredAt()));
        List<SyndEntry> entries = new ArrayList<>();
        for (Indicator indicator : selected) {
            entries.add(entry(indicator));
        }
        feed.setEntries(entries);
        try {
            return HttpResponse.ok(new SyndFeedOutput().outputString(feed)).contentType("application/atom+xml; charset=utf-8");
        } catch (FeedException e) {
            throw new IllegalStateException("Rome cannot write the feed", e);
        }
    }

    private static SyndEntry entry(Indicator indicator) {
        SyndEntry entry = new SyndEntryImpl();
        String who = (indicator.actor() == null ? "?" : indicator.actor())
                + (indicator.targets().isEmpty() ? "" : " → " + chokepoint.records.Vocabulary.describeTargets(indicator.targets()));
        entry.setTitle("[" + indicator.measure() + (indicator.stage() == null ? "" : " · " + indicator.stage()) + " · "
                + who + "] " + (indicator.gist() == null ? indicator.title() : indicator.gist() + " — " + indicator.title()));
        entry.setUri("urn:chokepoint:indicator:" + indicator.id());
        // The publishers of the story's copies are its authors (Atom requires one per entry or feed).
        entry.setAuthor(indicator.sources().isEmpty() ? indicator.sourceId()
                : String.join(", ", indicator.sources().stream().map(s -> s.sourceId()).distinct().toList()));
        if (indicator.url() != null && indicator.url().startsWith("http")) {
            entry.setLink(indicator.url());
        }
        entry.setPublishedDate(Date.from(indicator.occurredAt()));
        entry.setUpdatedDate(Date.from(indicator.classifiedAt() == null ? indicator.occurredAt() : indicator.classifiedAt()));
        SyndContentImpl summary = new SyndContentImpl();
        summary.setType("text/plain");
        summary.setValue((indicator.gist() == null ? "" : "In English: " + indicator.gist() + ". Original: " + indicator.title() + ". ")
                + "Severity " + indicator.severity() + "/10"
                + (indicator.sectors().isEmpty() ? "" : "; sectors: " + String.join(", ", indicator.sectors()))
                + (indicator.evidence().isEmpty() ? "" : "; evidence: \u201c" + indicator.evidence().get(0).matched() + "\u201d")
                + "; " + indicator.sources().size() + " source(s).");
        entry.setDescription(summary);
        return entry;
    }
}
