package chokepoint.ingest.feed;

import java.util.List;

/** Turns what a source of one kind returns into entries. One per {@code kind} of source in the configuration. */
public interface SourceAdapter {

    List<FeedEntry> parse(byte[] body, String contentType) throws FeedParser.InvalidFeed;

    /** The adapter for a configured source kind. */
    static SourceAdapter forKind(String kind) {
        return switch (kind) {
            case "federal-register" -> new FederalRegisterAdapter();
            case "rss" -> new FeedParser()::parse;
            case "news-sitemap" -> NewsSitemap::parse;
            default -> throw new IllegalArgumentException("no adapter for source kind " + kind);
        };
    }
}
