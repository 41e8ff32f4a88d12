package chokepoint.config;

import org.jsoup.select.QueryParser;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the configured sources: ids, kinds, URLs, intervals, and what each kind reads (an html source's listing and
 * detail selectors, regular expressions, zones, publishing windows), naming every bad field.
 */
final class SourceChecks {

    static final Set<String> SOURCE_KINDS = Set.of("rss", "federal-register", "html", "news-sitemap", "list-snapshot",
            "register");

    private SourceChecks() {
    }

    static void check(List<SourceConfig> sources, List<String> problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            SourceConfig source = sources.get(i);
            String at = "sources[" + i + "]";
            if (source.id() == null || !ConfigValidator.ID.matcher(source.id()).matches()) {
                problems.add(at + ".id: lower-case letters, digits, '.', '_' or '-', at most 64");
            } else if (!ids.add(source.id())) {
                problems.add(at + ".id: '" + source.id() + "' is used twice");
            }
            if (source.kind() == null || !SOURCE_KINDS.contains(source.kind())) {
                problems.add(at + ".kind: one of " + SOURCE_KINDS);
            }
            if (!ConfigValidator.isHttp(source.url())) {
                problems.add(at + ".url: must be an http(s) URL");
            }
            if (source.interval() == null || source.interval().toSeconds() < 1) {
                problems.add(at + ".interval: required, at least 1s");
            }
            if ("html".equals(source.kind())) {
                checkHtmlSource(source, at, problems);
            }
            checkDateFromLink(source.dateFromLink(), at + ".date-from-link", problems);
            if (source.fallbackKind() != null && (!SOURCE_KINDS.contains(source.fallbackKind()) || !ConfigValidator.isHttp(source.fallbackUrl()))) {
                problems.add(at + ".fallback-kind and fallback-url: a kind of " + SOURCE_KINDS + " and an http(s) URL");
            }
            if (source.massChange() != null && (source.massChange() <= 0 || source.massChange() > 1)) {
                problems.add(at + ".mass-change: a share between 0 and 1, such as 0.05");
            }
            for (int j = 0; j < source.stripParameters().size(); j++) {
                try {
                    Pattern.compile(source.stripParameters().get(j));
                } catch (RuntimeException e) {
                    problems.add(at + ".strip-parameters[" + j + "]: not a regular expression: " + e.getMessage());
                }
            }
            if (source.zone() != null) {
                try {
                    ZoneId.of(source.zone());
                } catch (RuntimeException e) {
                    problems.add(at + ".zone: not a time zone such as Asia/Shanghai: " + source.zone());
                }
            }
            for (int j = 0; j < source.windows().size(); j++) {
                String problem = PublishingWindow.problem(source.windows().get(j));
                if (problem != null) {
                    problems.add(at + ".windows[" + j + "]: " + problem);
                }
            }
            source.filter().forEach((field, regex) -> {
                if (!field.equals("path") && !field.equals("title")) {
                    problems.add(at + ".filter." + field + ": filters are on path or title");
                }
                try {
                    Pattern.compile(regex);
                } catch (RuntimeException e) {
                    problems.add(at + ".filter." + field + ": not a regular expression: " + e.getMessage());
                }
            });
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void checkHtmlSource(SourceConfig source, String at, List<String> problems) {
        ListingSpec listing = source.effectiveListing();
        DetailSpec detail = source.effectiveDetail();
        String where = source.listing() != null ? at + ".listing" : at + ".selectors";
        if (!Set.of(ListingSpec.HTML, ListingSpec.JSON_HTML, ListingSpec.JSON_RECORDS).contains(listing.format())) {
            problems.add(where + ".format: html, json-html or json-records");
        } else if (listing.format().equals(ListingSpec.JSON_RECORDS)) {
            if (listing.recordsPath() == null || !listing.fields().containsKey("url")) {
                problems.add(where + ": json-records needs records-path and fields.url (and fields.title, fields.date)");
            }
        } else {
            checkSelector(listing.links(), where + ".links", true, problems);
            checkSelector(listing.date(), where + ".date", false, problems);
            if (listing.format().equals(ListingSpec.JSON_HTML) && listing.htmlPath() == null) {
                problems.add(where + ".html-path: required for json-html, e.g. data.html");
            }
        }
        if (!Set.of("GET", "POST").contains(listing.method())) {
            problems.add(where + ".method: GET or POST");
        }
        checkSelector(listing.urlFrom(), where + ".url-from", false, problems);
        checkSelector(listing.paramsFrom(), where + ".params-from", false, problems);
        checkDateFromLink(listing.dateFromLink(), where + ".date-from-link", problems);
        if (listing.listingAlone()) {
            return;
        }
        String detailAt = source.detail() != null ? at + ".detail" : at + ".selectors";
        // A page read only for what the listing lacks (its date: Korea's trade commission) gives no title or body; the
        // title then comes from the listing. Otherwise both are needed.
        boolean dateOnly = blank(detail.title()) && blank(detail.body()) && !blank(detail.date());
        checkSelector(detail.title(), detailAt + ".title", !dateOnly, problems);
        checkSelector(detail.body(), detailAt + ".body", !dateOnly, problems);
        checkSelector(detail.date(), detailAt + ".date", false, problems);
        checkSelector(detail.header(), detailAt + ".header", false, problems);
    }

    /** A date-from-link expression: a regular expression with the groups that, joined, hold yyyyMMdd. */
    private static void checkDateFromLink(String expression, String at, List<String> problems) {
        if (expression == null) {
            return;
        }
        try {
            if (Pattern.compile(expression).matcher("").groupCount() < 1) {
                problems.add(at + ": needs groups holding, joined, the eight digits yyyyMMdd");
            }
        } catch (RuntimeException e) {
            problems.add(at + ": not a regular expression: " + e.getMessage());
        }
    }

    /**
     * A field as {@link DetailSpec} reads it: alternatives separated by {@code ||}, each a CSS selector with an optional
     * {@code @attribute}, or {@code script:name}.
     */
    private static void checkSelector(String spec, String at, boolean required, List<String> problems) {
        if (spec == null || spec.isBlank()) {
            if (required) {
                problems.add(at + ": required (a CSS selector)");
            }
            return;
        }
        for (String alternative : spec.split("\\|\\|")) {
            String css = alternative.trim();
            if (css.startsWith("script:")) {
                continue;
            }
            if (css.startsWith("regex:")) {
                try {
                    Pattern.compile(css.substring("regex:".length()).trim());
                } catch (RuntimeException e) {
                    problems.add(at + ": not a regular expression: " + e.getMessage());
                }
                continue;
            }
            int attribute = css.lastIndexOf('@');
            if (attribute > 0) {
                css = css.substring(0, attribute);
            }
            try {
                QueryParser.parse(css.trim());
            } catch (RuntimeException e) {
                problems.add(at + ": not a CSS selector: " + e.getMessage());
            }
        }
    }
}
