package chokepoint.ingest.feed;

import chokepoint.config.SourceConfig;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.FetchResult;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.outbound.Urls;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sites that publish no feed (China's MOFCOM): a listing page whose links lead to detail pages, read with the
 * source's CSS selectors. New links are fetched through the same guarded client, politely, at most
 * {@link #MAX_DETAILS} a poll; a detail page that fails is skipped and tried again next time. Dates written the
 * Chinese way (2025年10月09日) are read in the publisher's zone (UTC+8 for China).
 */
public final class HtmlSource {

    private static final Logger LOG = LoggerFactory.getLogger(HtmlSource.class);
    static final int MAX_DETAILS = 10;
    private static final Pattern CHINESE_DATE = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern PUBLISHED_HEADER = Pattern.compile("【发文日期】\\s*([^【\\n]+)");

    private HtmlSource() {
    }

    /**
     * @param known whether the item for a detail link was already published (its id follows from the link)
     */
    public static List<FeedEntry> read(SourceConfig source, FetchResult listing, GuardedHttpClient http,
                                       Predicate<String> known) {
        List<FeedEntry> entries = new ArrayList<>();
        for (URI link : links(listing, source.selectors().get("links"))) {
            if (entries.size() >= MAX_DETAILS) {
                break;
            }
            if (known.test(link.toString())) {
                continue;
            }
            try {
                FetchResult page = http.get(link, null, null);
                entries.add(detail(page, source));
            } catch (FetchRefused e) {
                LOG.warn("source {}: detail page {} skipped: {}", source.id(), link, e.getMessage());
            }
        }
        return entries;
    }

    static List<URI> links(FetchResult listing, String selector) {
        Document page = parse(listing);
        Set<URI> links = new LinkedHashSet<>();
        for (Element anchor : page.select(selector)) {
            String href = anchor.attr("href");
            try {
                URI link = Urls.resolve(listing.finalUri(), href);
                if ("http".equals(link.getScheme()) || "https".equals(link.getScheme())) {
                    links.add(link);
                }
            } catch (FetchRefused e) {
                LOG.info("listing {}: link skipped: {}", listing.finalUri().getHost(), e.getMessage());
            }
        }
        return List.copyOf(links);
    }

    static FeedEntry detail(FetchResult page, SourceConfig source) {
        Document document = parse(page);
        String title = text(document, source.selectors().get("title"));
        String body = text(document, source.selectors().get("body"));
        String dateText = source.selectors().containsKey("date") ? text(document, source.selectors().get("date")) : "";
        Instant published = date(dateText.isBlank() ? headerDate(document.text()) : dateText, zoneOf(source));
        return FeedEntry.linked(page.finalUri().toString(), title, escape(body), source.lang(), published,
                published == null && !dateText.isBlank() ? dateText : null);
    }

    private static Document parse(FetchResult result) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(result.body()), charset(result.contentType()), result.finalUri().toString());
        } catch (IOException e) {
            throw new IllegalStateException("reading bytes already in memory", e);
        }
    }

    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("charset=([\\w-]+)", Pattern.CASE_INSENSITIVE).matcher(contentType);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String text(Document document, String selector) {
        if (selector == null || selector.isBlank()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Element element : document.select(selector)) {
            text.append(text.isEmpty() ? "" : "\n").append(element.text());
        }
        return text.toString().trim();
    }

    private static String headerDate(String text) {
        Matcher header = PUBLISHED_HEADER.matcher(text);
        return header.find() ? header.group(1) : "";
    }

    static Instant date(String text, ZoneId zone) {
        Matcher chinese = CHINESE_DATE.matcher(text);
        Matcher iso = ISO_DATE.matcher(text);
        try {
            if (chinese.find()) {
                return LocalDate.of(Integer.parseInt(chinese.group(1)), Integer.parseInt(chinese.group(2)),
                        Integer.parseInt(chinese.group(3))).atStartOfDay(zone).toInstant();
            }
            if (iso.find()) {
                return LocalDate.parse(iso.group()).atStartOfDay(zone).toInstant();
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static ZoneId zoneOf(SourceConfig source) {
        String jurisdiction = source.jurisdiction() == null ? "" : source.jurisdiction().toUpperCase(Locale.ROOT);
        return switch (jurisdiction) {
            case "CN" -> ZoneId.of("Asia/Shanghai");
            case "JP" -> ZoneId.of("Asia/Tokyo");
            case "US" -> ZoneId.of("America/New_York");
            case "GB" -> ZoneId.of("Europe/London");
            case "EU", "NL", "DE", "FR", "BE" -> ZoneId.of("Europe/Brussels");
            default -> ZoneId.of("UTC");
        };
    }

    /** The normalizer strips markup; text taken from a page must not be read as markup again. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
